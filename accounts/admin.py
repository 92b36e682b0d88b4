"""Members and expert certifications in the admin, through the accounts services.

Not Django's own ``UserAdmin``: its add form, password form and permission fields
(``is_staff``, ``is_superuser``, groups) all write around the role. Here the role
changes through ``assign_role`` (which keeps ``is_staff``/``is_superuser`` in step),
the display name and bio as on the member's own profile page, and "delete" erases
the account the way the member's own deletion does."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import data_rights, services
from accounts.models import ExpertCertification, User
from community.admin_site import (
    DoorwayAdmin,
    ReadOnlyInline,
    field_errors,
    service_call,
)
from forum import permissions


class ExpertCertificationInline(ReadOnlyInline):
    model = ExpertCertification
    fk_name = "user"
    fields = ["board", "title", "expires_at", "certified_by", "certified_at"]
    readonly_fields = fields


class MemberForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["role", "display_name", "bio"]


@admin.register(User)
class UserAdmin(DoorwayAdmin):
    form = MemberForm
    list_display = [
        "username",
        "email",
        "display_name",
        "role",
        "is_active",
        "is_banned",
        "date_joined",
    ]
    list_filter = ["role", "is_active", "is_banned", "is_staff", "date_joined"]
    search_fields = ["username", "email", "display_name"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "email", "is_active"]}),
        (_("Community"), {"fields": ["role", "display_name", "bio"]}),
        (
            _("Admin access (follows the role: administrators only)"),
            {"fields": ["is_staff", "is_superuser"]},
        ),
        (
            _("Counters (kept by the services)"),
            {
                "fields": [
                    "post_count",
                    "solution_count",
                    "kudos_received",
                    "reputation",
                ]
            },
        ),
        (
            _("Suspension (changed from the site, where it is audited)"),
            {"fields": ["is_banned", "suspended_until", "suspension_reason"]},
        ),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    readonly_fields = [
        "username",
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
        "post_count",
        "solution_count",
        "kudos_received",
        "reputation",
        "is_banned",
        "suspended_until",
        "suspension_reason",
        "date_joined",
        "last_login",
    ]
    inlines = [ExpertCertificationInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and not permissions.can_assign_role(request.user, obj):
            readonly.append("role")
        return readonly

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return permissions.can_use_admin(request.user)
        return permissions.can_erase_account(request.user, obj)

    def save_model(self, request, obj, form, change):
        # The display name and bio are saved as the member's profile form saves them.
        profile = [f for f in ("display_name", "bio") if f in form.changed_data]
        if profile:
            obj.save(update_fields=profile)
        if "role" in form.changed_data:
            with service_call():
                services.assign_role(
                    obj, role=form.cleaned_data["role"], by=request.user
                )

    def get_deleted_objects(self, objs, request):
        """What "delete" does to a member: erasure, as when they delete their own
        account; nothing else is deleted, and their posts stay."""
        described, refused = [], set()
        for member in objs:
            described.append(
                gettext(
                    "%(username)s: erased (personal data removed, posts kept under "
                    "“%(former)s”)"
                )
                % {
                    "username": member.username,
                    "former": data_rights.FORMER_MEMBER_NAME,
                }
            )
            if not permissions.can_erase_account(request.user, member):
                refused.add(
                    gettext("%(username)s (an equal or higher role)")
                    % {"username": member.username}
                )
        return described, {}, refused, []

    def delete_model(self, request, obj):
        if not permissions.can_erase_account(request.user, obj):
            with service_call(obj.username):
                raise ValidationError(
                    gettext("Only a member of a lower role can be erased.")
                )
        data_rights.delete_member_account(obj)


class CertificationForm(forms.ModelForm):
    class Meta:
        model = ExpertCertification
        fields = ["user", "board", "title", "expires_at"]

    def clean(self):
        cleaned = super().clean()
        try:
            services.validate_certification(
                title=cleaned.get("title", ""), expires_at=cleaned.get("expires_at")
            )
        except ValidationError as error:
            for name in error.message_dict:
                self.add_error(name, field_errors(error, name))
        return cleaned


@admin.register(ExpertCertification)
class ExpertCertificationAdmin(DoorwayAdmin):
    """Certifying and revoking through ``certify_expert``/``revoke_certification``,
    as moderators and managers do on the member's page; both are audited."""

    form = CertificationForm
    list_display = [
        "user",
        "title",
        "board",
        "certified_by",
        "certified_at",
        "expires_at",
    ]
    list_filter = ["board", "certified_at", "expires_at"]
    search_fields = ["user__username", "user__email", "title"]
    autocomplete_fields = ["user", "board"]
    readonly_fields = ["certified_by", "certified_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A certification is granted or revoked, never re-pointed at someone else.
        return ["user", "board", *self.readonly_fields]

    def _may_certify(self, request) -> bool:
        user = request.user
        return permissions.can_use_admin(user) and permissions.can_certify_experts(user)

    def has_add_permission(self, request) -> bool:
        return self._may_certify(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_certify(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_certify(request)

    def save_model(self, request, obj, form, change):
        with service_call():
            certification = services.certify_expert(
                obj.user,
                board=obj.board,
                title=obj.title,
                expires_at=obj.expires_at,
                by=request.user,
            )
        obj.pk = certification.pk

    def delete_model(self, request, obj):
        with service_call(obj):
            services.revoke_certification(obj, by=request.user)
