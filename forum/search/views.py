"""The search page, and the pages where managers and moderators tune search:
synonyms and promoted answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import permissions
from forum.deflection import services as deflection
from forum.deflection.models import EventSource
from forum.search import selectors, services
from forum.search.backends.base import SearchTimeout
from forum.search.engine import search_threads
from forum.search.forms import PromotionForm, SearchForm, SynonymForm
from forum.search.models import Promotion, Synonym


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    arguments = form.search_arguments()
    explain = form.wants_explanation() and permissions.can_explain_search(request.user)
    timed_out = False
    try:
        results = (
            search_threads(**arguments, explain=explain) if arguments["query"] else None
        )
    except SearchTimeout:
        results, timed_out = None, True
    if results is not None:
        deflection.record_search(
            request,
            query=arguments["query"],
            results=results,
            source=EventSource.SEARCH_PAGE,
            board=arguments["board"],
        )
    filtered = bool(arguments["board"] or arguments["solved_only"] or arguments["tag"])
    return render(
        request,
        "forum/search.html",
        {
            "form": form,
            "results": results,
            "filtered": filtered,
            "search_query": arguments["query"],
            "timed_out": timed_out,
            "explain": explain,
        },
    )


def _require_search_staff(request) -> None:
    if not permissions.can_manage_search(request.user):
        raise PermissionDenied


@login_required
def synonyms(request):
    """The synonym list, and the form that adds a rule."""
    _require_search_staff(request)
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_synonym(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error("phrases", error)
        else:
            messages.success(request, _("The synonyms apply to the next search."))
            return redirect("search:synonyms")
    return render(
        request,
        "search/synonyms.html",
        {"form": form, "synonyms": selectors.synonym_list()},
    )


@login_required
def synonym_edit(request, synonym_id: int):
    _require_search_staff(request)
    synonym = get_object_or_404(Synonym, pk=synonym_id)
    initial = {"phrases": synonym.phrases, "two_way": "1" if synonym.two_way else "0"}
    form = SynonymForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_synonym(**form.cleaned_data, by=request.user, synonym=synonym)
        except ValidationError as error:
            form.add_error("phrases", error)
        else:
            messages.success(request, _("The change applies to the next search."))
            return redirect("search:synonyms")
    return render(
        request, "search/synonym_edit.html", {"form": form, "synonym": synonym}
    )


@require_POST
@login_required
def synonym_delete(request, synonym_id: int):
    _require_search_staff(request)
    synonym = get_object_or_404(Synonym, pk=synonym_id)
    services.delete_synonym(synonym, by=request.user)
    messages.success(
        request, _("Deleted “%(phrases)s”.") % {"phrases": synonym.phrases}
    )
    return redirect("search:synonyms")


@login_required
def promotions(request):
    """Promoted answers, and the form that pins a thread or an article to a query
    (the report's content-gap tables link here with the query filled in)."""
    _require_search_staff(request)
    form = PromotionForm(request.POST or None, initial={"query": request.GET.get("q")})
    if request.method == "POST" and form.is_valid():
        kind, arguments = form.promotion_arguments()
        promote = (
            services.promote_article if kind == "article" else services.promote_thread
        )
        try:
            promote(**arguments, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The article now shows first for this query, as recommended.")
                if kind == "article"
                else _("The thread now shows first for this query, as recommended."),
            )
            return redirect("search:promotions")
    return render(
        request,
        "search/promotions.html",
        {"form": form, "promotions": selectors.promotion_list()},
    )


@require_POST
@login_required
def promotion_delete(request, promotion_id: int):
    _require_search_staff(request)
    promotion = get_object_or_404(Promotion, pk=promotion_id)
    services.remove_promotion(promotion, by=request.user)
    messages.success(
        request,
        _("The article is no longer promoted for that query.")
        if promotion.article_id
        else _("The thread is no longer promoted for that query."),
    )
    return redirect("search:promotions")
