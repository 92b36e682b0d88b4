"""Posts in the admin: edited through ``edit_post``, hidden, restored or approved
by the actions."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.admin_site import (
    DoorwayAdmin,
    ReadOnlyInline,
    ReasonActionForm,
    field_errors,
    service_call,
)
from forum import permissions
from forum.admin.actions import post_action
from forum.models import (
    Post,
    PostRevision,
)
from forum.moderation import services as moderation
from forum.services import edit_post, validation


class PostRevisionInline(ReadOnlyInline):
    model = PostRevision
    fields = ["created_at", "edited_by", "title", "body"]
    readonly_fields = fields
    show_change_link = False


class PostForm(forms.ModelForm):
    """The Markdown source only; its HTML, history, search document and audit entry
    follow through ``edit_post``."""

    class Meta:
        model = Post
        fields = ["body"]

    def clean_body(self) -> str:
        try:
            return validation.clean_body(self.cleaned_data["body"])
        except ValidationError as error:
            raise ValidationError(field_errors(error, "body")) from None


@admin.register(Post)
class PostAdmin(DoorwayAdmin):
    form = PostForm
    action_form = ReasonActionForm
    list_display = [
        "__str__",
        "thread",
        "author",
        "created_at",
        "kudos_count",
        "is_hidden",
        "is_approved",
    ]
    list_filter = ["is_hidden", "is_approved", "thread__board", "created_at"]
    search_fields = ["body", "author__username", "thread__title"]
    date_hierarchy = "created_at"
    list_select_related = ["thread", "author"]
    fields = [
        "thread",
        "author",
        "body",
        "body_html",
        "is_hidden",
        "is_approved",
        "held_reason",
        "kudos_count",
        "created_at",
        "edited_at",
        "edited_by",
    ]
    readonly_fields = [name for name in fields if name != "body"]
    inlines = [PostRevisionInline]
    actions = ["hide_posts", "restore_posts", "approve_posts"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("thread__board")

    def has_change_permission(self, request, obj=None) -> bool:
        user = request.user
        if obj is None:
            return self.has_moderate_permission(request)
        return permissions.can_use_admin(user) and permissions.can_edit_post(user, obj)

    def save_model(self, request, obj, form, change):
        stored = Post.objects.get(pk=obj.pk)
        body = form.cleaned_data["body"]
        if body != stored.body:
            with service_call():
                edit_post(stored, by=request.user, body=body)

    hide_posts = post_action(
        moderation.hide_post, _("Hide (with the reason beside)"), _("{count} hidden.")
    )
    restore_posts = post_action(
        moderation.restore_post, _("Restore hidden posts"), _("{count} restored.")
    )
    approve_posts = post_action(
        moderation.approve_post, _("Approve waiting posts"), _("{count} approved."),
        with_reason=False,
    )  # fmt: skip
