from django.shortcuts import render

from forum import selectors
from forum.search import search_threads
from forum.search.forms import SearchForm


def home(request):
    return render(request, "forum/home.html", {"boards": selectors.board_list()})


def board(request, slug: str):
    board = selectors.board_detail(slug)
    return render(request, "forum/board.html", {"board": board})


def search(request):
    form = SearchForm(request.GET)
    arguments = form.search_arguments()
    results = search_threads(**arguments) if arguments["query"] else None
    filtered = bool(arguments["board"] or arguments["solved_only"] or arguments["tag"])
    return render(
        request,
        "forum/search.html",
        {
            "form": form,
            "results": results,
            "filtered": filtered,
            "search_query": arguments["query"],
        },
    )
