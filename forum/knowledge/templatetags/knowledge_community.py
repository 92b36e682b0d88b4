"""Template tags of the knowledge base's community side."""

from django import template

from forum import permissions
from forum.knowledge import selectors_community
from forum.knowledge.forms_community import ArticleFeedbackForm

register = template.Library()


@register.simple_tag(takes_context=True)
def article_reader_state(context, article) -> dict:
    """Whether the viewer follows the article and their earlier answer, with a
    feedback form preset to it (``selectors_community.reader_state``)."""
    user = permissions.unwrapped_user(context["request"].user)
    state = selectors_community.reader_state(user, article)
    earlier = state["my_feedback"]
    initial = {}
    if earlier is not None:
        initial = {"helpful": "yes" if earlier.helpful else "no"}
    state["form"] = ArticleFeedbackForm(initial=initial)
    return state
