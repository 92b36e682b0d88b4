"""Admin actions: each calls one moderation service per selected row."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _action(service, description: str, done: str, *, on, with_reason: bool):
    @admin.action(description=description, permissions=["moderate"])
    def action(modeladmin, request, queryset):
        options = {"reason": request.POST.get("reason", "")} if with_reason else {}

        def act(row):
            target = on(row)
            if target is None:
                raise ValidationError(_("This thread has no question post."))
            service(target, by=request.user, **options)

        # ``done`` is a whole translated sentence with a {count} placeholder.
        modeladmin.act_on_each(request, queryset, act, done=str(done))

    return action


def thread_action(service, description: str, done: str, *, with_reason: bool = True):
    """An action calling ``service(thread, by=..., reason=...)``."""
    return _action(
        service, description, done,
        on=lambda thread: thread, with_reason=with_reason,
    )  # fmt: skip


def question_action(service, description: str, done: str, *, with_reason: bool = True):
    """An action on threads through their question post, which carries its thread
    along (hiding, restoring, approving), as on the site."""
    return _action(
        service, description, done,
        on=lambda thread: thread.first_post, with_reason=with_reason,
    )  # fmt: skip


def post_action(service, description: str, done: str, *, with_reason: bool = True):
    """An action calling ``service(post, by=..., reason=...)``."""
    return _action(
        service, description, done,
        on=lambda post: post, with_reason=with_reason,
    )  # fmt: skip
