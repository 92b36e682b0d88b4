"""Template tags of the idea staff includes (the status history and the staff
panel), which any page showing an idea includes with ``idea`` in its context."""

from django import template

from forum.ideas import selectors_staff
from forum.ideas.forms_staff import MergeForm, ReasonForm, StatusChangeForm
from forum.ideas.models import IdeaStatus

register = template.Library()


@register.simple_tag
def idea_status_history(idea) -> list:
    """The idea's public responses, newest first (one query unless prefetched)."""
    return selectors_staff.status_history(idea)


@register.simple_tag(takes_context=True)
def idea_staff_forms(context, idea) -> dict:
    """The panel's forms: the page's own bound ones after a refused change, else
    fresh ones (ids prefixed, so the panel can sit on any page)."""
    current = [c for c in IdeaStatus.choices if c[0] not in (idea.status, "duplicate")]
    status_form = context.get("status_form") or StatusChangeForm(auto_id="status-%s")
    status_form.fields["status"].choices = current
    return {
        "status": status_form,
        "merge": context.get("merge_form") or MergeForm(auto_id="merge-%s"),
        "reason": ReasonForm(auto_id=f"reason-{idea.pk}-%s"),
    }


@register.simple_tag(takes_context=True)
def open_idea_flags(context) -> list:
    """Open flags on ideas and their comments for the moderation queue (one
    query; none for members who don't moderate ideas)."""
    user = context["request"].user
    return list(selectors_staff.open_idea_flags(user))
