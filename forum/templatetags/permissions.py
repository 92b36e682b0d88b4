"""``{% can "accept_solution" post as show_accept %}``: templates ask the permission
module instead of re-implementing its rules."""

from django import template

from forum import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, *objects) -> bool:
    """Call ``permissions.can_<action>(user, *objects)`` for the current user."""
    predicate = getattr(permissions, f"can_{action}", None)
    if predicate is None:
        raise template.TemplateSyntaxError(f"No permission named can_{action}.")
    return predicate(permissions.unwrapped_user(context["request"].user), *objects)


@register.simple_tag(takes_context=True)
def expert_title(context, author, board) -> str:
    """The author's expert title for this board, or an empty string."""
    certification = permissions.expert_certification_for(author, board)
    return certification.title if certification else ""


@register.filter
def is_staff_member(member) -> bool:
    """Whether ``member`` is staff (moderator, manager or administrator), for the staff
    badge beside their name; read from the loaded row, no query."""
    return permissions.is_staff_member(member)
