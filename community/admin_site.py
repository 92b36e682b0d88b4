"""The Django admin as one more doorway into the services.

Nothing in the admin writes a row on its own. Every ModelAdmin of the project derives
from ``DoorwayAdmin``: it shows what ``permissions.can_use_admin`` allows, and adds,
changes or deletes only where it opens that explicitly, asking the permission module
and calling the service the site's own pages call. So the audit log, counters,
rendered HTML and search documents end up the same whichever door a change came
through; ``tests/admin/`` walks every registered ModelAdmin to keep it so.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager

from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum import permissions


class CommunityAdminSite(admin.AdminSite):
    """Open to administrators only (``permissions.can_use_admin``), who sign in on the
    site itself."""

    site_header = _("Crowd support administration")
    site_title = _("Crowd support administration")

    def has_permission(self, request) -> bool:
        return permissions.can_use_admin(request.user)

    @method_decorator(secure_admin_login)
    def login(self, request, extra_context=None):
        # allauth's sign-in (its rate limits and checks) lets any staff flag through;
        # the permission module has the last word.
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        return super().login(request, extra_context)


class Refused(Exception):
    """A service refused a change made in the admin: the admin says why, and the
    transaction around the request leaves everything as it was."""


def _explain(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You may not do that.")


@contextmanager
def service_call(subject=None):
    """Run a service call, turning its refusal (ValidationError, PermissionDenied)
    into ``Refused``, naming ``subject`` when given."""
    try:
        yield
    except (ValidationError, PermissionDenied) as error:
        prefix = f"{subject}: " if subject is not None else ""
        raise Refused(prefix + _explain(error)) from error


def field_errors(error: ValidationError, name: str) -> list[str]:
    """A service validator's messages for one form field."""
    if hasattr(error, "error_dict"):
        return error.message_dict.get(name, error.messages)
    return error.messages


class ReasonActionForm(helpers.ActionForm):
    """The changelist's action bar, with the reason that goes in the audit log."""

    reason = forms.CharField(
        required=False, max_length=500, label=_("Reason (for the audit log)")
    )


class DoorwayAdmin(admin.ModelAdmin):
    """Views for administrators; no add, change or delete unless a subclass opens
    it through the permission module, and saves through a service."""

    def has_module_permission(self, request) -> bool:
        return permissions.can_use_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_moderate_permission(self, request) -> bool:
        """Moderation actions: the services check each object again."""
        user = request.user
        return permissions.can_use_admin(user) and permissions.is_moderator(user)

    def has_configure_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    # Django runs the add/change and delete views in a transaction; a refusal raised
    # inside rolls it back, and is shown as a message instead of a server error.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refusal:
            return self._refused(request, refusal)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except Refused as refusal:
            return self._refused(request, refusal)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            # Actions run outside Django's transaction: one for all the selected
            # objects, so a refusal for one leaves the others unchanged too.
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except Refused as refusal:
            return self._refused(request, refusal)

    def _refused(self, request, refusal: Refused):
        self.message_user(
            request,
            gettext("Nothing was changed. %(reason)s") % {"reason": refusal},
            messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())

    def act_on_each(
        self, request, objects: Iterable, act: Callable, *, done: str
    ) -> None:
        """Carry out an admin action: ``act(obj)``, a service call, for each selected
        object; raises Refused at the first refusal (nothing then changes)."""
        count = 0
        for obj in objects:
            with service_call(obj):
                act(obj)
            count += 1
        self.message_user(request, done.format(count=count), messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        # A form's many-to-many fields (a thread's tags) go through the service in
        # ``save_model``. Inlines are read-only (``ReadOnlyInline``): saving their
        # formsets writes nothing, but tells the history message so.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_queryset(self, request, queryset) -> None:
        # One by one through ``delete_model``, never a bulk delete around it.
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown for reading, each with a link to its own page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
