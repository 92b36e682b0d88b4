from django.shortcuts import render

from forum import selectors


def home(request):
    return render(request, "forum/home.html", {"boards": selectors.board_list()})


def board(request, slug: str):
    board = selectors.board_detail(slug)
    return render(request, "forum/board.html", {"board": board})


def search(request):
    query = request.GET.get("q", "")[:200]
    return render(request, "forum/search.html", {"search_query": query})
