from django import template
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext

from forum.reputation import rank_for

register = template.Library()


@register.filter
def rank_name(points: int) -> str:
    """The rank a member's reputation points reach, in the reader's language."""
    # The default ladder's names are in the catalogue; a rank a manager named
    # has no entry there and shows as typed.
    return gettext(rank_for(points or 0))


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for filters and
    pagination links)."""
    request = context.get("request")
    # Cached fragments render without a request; they are only kept for pages
    # whose query string is the page number alone.
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.items()), doseq=False) if params else "?"


@register.simple_tag(takes_context=True)
def post_head(context, post, is_solution=False) -> str:
    """A post's head as forum.fragments rendered it for this page."""
    return context["post_heads"][post.pk, bool(is_solution)]


@register.simple_tag(takes_context=True)
def controls_for(context, post):
    """The viewer's controls under this post, from forum.selectors.thread_controls."""
    return context["controls"].for_post(post)
