"""The knowledge base's community pages: a thread becomes an article, readers say
whether an article helped, members follow articles, owners read the feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import selectors
from forum.deflection.services.privacy import hash_session_key
from forum.knowledge import journeys
from forum.knowledge import selectors_community as community
from forum.knowledge.forms_community import ArticleFeedbackForm
from forum.knowledge.models import ArticleFeedback
from forum.knowledge.services.conversion import draft_article_from_thread
from forum.knowledge.services.feedback import (
    give_article_feedback,
    resolve_article_feedback,
)
from forum.knowledge.services.follows import follow_article, unfollow_article
from forum.moderation.flood import RateLimited
from forum.views.common import _refused


@require_POST
@login_required
def turn_thread_into_article(request, thread_id: int):
    thread = selectors.thread_detail(request.user, thread_id, with_authors=False)
    try:
        article = draft_article_from_thread(thread, by=request.user)
    except ValidationError as error:
        return _refused(request, thread.get_absolute_url(), error)
    messages.success(
        request, _("A draft article is ready: check it, then send it for review.")
    )
    return redirect(reverse("knowledge:edit", args=[article.pk]))


def _session_hash(request) -> str:
    if request.user.is_authenticated:
        return ""
    if not request.session.session_key:
        request.session.save()
    return hash_session_key(request.session.session_key)


@require_POST
def give_feedback(request, article_id: int):
    article = community.visible_article(request.user, article_id)
    back = f"{article.get_absolute_url()}#feedback"
    form = ArticleFeedbackForm(request.POST)
    if not form.is_valid():
        return _refused(request, back, ValidationError(_form_errors(form)))
    helpful = form.cleaned_data["helpful"]
    try:
        give_article_feedback(
            article,
            user=request.user,
            session_hash=_session_hash(request),
            helpful=helpful,
            comment=form.cleaned_data["comment"],
        )
    except (ValidationError, RateLimited) as error:
        return _refused(request, back, error)
    journeys.article_feedback_given(request, article, helpful=helpful)
    messages.success(request, _("Thanks for your feedback."))
    return redirect(back)


def _form_errors(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


@require_POST
@login_required
def follow(request, article_id: int):
    article = community.visible_article(request.user, article_id)
    if request.POST.get("action") == "unfollow":
        unfollow_article(article, by=request.user)
        message = _("You no longer follow this article.")
    else:
        follow_article(article, by=request.user)
        message = _("You'll hear when this article is updated.")
    messages.success(request, message)
    return redirect(article.get_absolute_url())


@require_GET
@login_required
def feedback_list(request):
    page = community.feedback_list(request.user, request.GET.get("page"))
    return render(request, "knowledge/feedback_list.html", {"page": page})


@require_GET
@login_required
def article_feedback(request, article_id: int):
    article, page = community.article_feedback(
        request.user, article_id, request.GET.get("page")
    )
    return render(
        request, "knowledge/feedback_article.html", {"article": article, "page": page}
    )


@require_POST
@login_required
def resolve_feedback(request, feedback_id: int):
    feedback = get_object_or_404(ArticleFeedback, pk=feedback_id)
    resolve_article_feedback(feedback, by=request.user)
    messages.success(request, _("Marked as dealt with."))
    return redirect(reverse("knowledge:article_feedback", args=[feedback.article_id]))
