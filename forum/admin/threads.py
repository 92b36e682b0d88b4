"""Threads in the admin: read-only counters and state, changed by the actions."""

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
from forum.admin.actions import question_action, thread_action
from forum.models import (
    Board,
    Post,
    Thread,
)
from forum.moderation import services as moderation
from forum.services import edit_post, validation


class PostInline(ReadOnlyInline):
    model = Post
    fields = ["author", "created_at", "kudos_count", "is_hidden", "is_approved", "body"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class ThreadForm(forms.ModelForm):
    """Title and tags (an edit of the question, through ``edit_post``) and the board
    (a move, through ``move_thread``)."""

    tags = forms.CharField(
        required=False, help_text=_("Comma-separated, as on the site's edit page.")
    )
    reason = forms.CharField(
        required=False,
        max_length=500,
        label=_("Reason for a move"),
        help_text=_("Goes in the audit log when the board changes."),
    )

    class Meta:
        model = Thread
        fields = ["title", "tags", "board"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "tags" in self.fields:
            self.initial["tags"] = ", ".join(sorted(self.instance.tags.names()))

    def clean_title(self) -> str:
        try:
            return validation.clean_title(self.cleaned_data["title"])
        except ValidationError as error:
            raise ValidationError(field_errors(error, "title")) from None

    def clean_tags(self) -> list[str]:
        try:
            return validation.clean_tags(self.cleaned_data["tags"])
        except ValidationError as error:
            raise ValidationError(field_errors(error, "tags")) from None


class ThreadActionForm(ReasonActionForm):
    to_board = forms.ModelChoiceField(
        queryset=Board.objects.all(), required=False, label=_("Move to")
    )


@admin.register(Thread)
class ThreadAdmin(DoorwayAdmin):
    form = ThreadForm
    action_form = ThreadActionForm
    list_display = [
        "title",
        "board",
        "author",
        "created_at",
        "reply_count",
        "kudos_count",
        "is_solved",
        "is_pinned",
        "is_locked",
        "is_hidden",
        "is_approved",
    ]
    list_filter = [
        "board",
        "is_pinned",
        "is_locked",
        "is_hidden",
        "is_approved",
        ("featured_at", admin.EmptyFieldListFilter),
        "accepted_as",
        ("solution_post", admin.EmptyFieldListFilter),
        "created_at",
    ]
    search_fields = ["title", "author__username", "author__email", "tags__name"]
    date_hierarchy = "created_at"
    list_select_related = ["board", "author"]
    fieldsets = [
        (None, {"fields": ["title", "tags", "board", "reason"]}),
        (
            _("State (changed by the actions on the list, or on the thread's page)"),
            {
                "fields": [
                    "is_locked",
                    "is_pinned",
                    "featured_at",
                    "is_hidden",
                    "is_approved",
                ]
            },
        ),
        (
            _("Solution (accepted on the thread's page)"),
            {"fields": ["solution_post", "accepted_by", "accepted_at", "accepted_as"]},
        ),
        (
            _("Counters (kept by the services)"),
            {"fields": ["reply_count", "view_count", "kudos_count", "me_too_count"]},
        ),
        (
            "History",
            {
                "fields": [
                    "author",
                    "slug",
                    "first_post",
                    "created_at",
                    "last_activity_at",
                    "last_poster",
                    "first_response_at",
                ]
            },
        ),
    ]
    readonly_fields = [
        "is_locked",
        "is_pinned",
        "featured_at",
        "is_hidden",
        "is_approved",
        "solution_post",
        "accepted_by",
        "accepted_at",
        "accepted_as",
        "reply_count",
        "view_count",
        "kudos_count",
        "me_too_count",
        "author",
        "slug",
        "first_post",
        "created_at",
        "last_activity_at",
        "last_poster",
        "first_response_at",
    ]
    inlines = [PostInline]
    actions = [
        "lock_threads",
        "unlock_threads",
        "pin_threads",
        "unpin_threads",
        "feature_threads",
        "unfeature_threads",
        "move_threads",
        "hide_threads",
        "restore_threads",
        "approve_threads",
    ]

    @admin.display(boolean=True, description=_("solved"))
    def is_solved(self, thread):
        return thread.is_solved

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("board", "first_post")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and obj.first_post_id is None:
            readonly += ["title", "tags"]  # no question post to edit them through
        return readonly

    def has_change_permission(self, request, obj=None) -> bool:
        user = request.user
        if obj is None:
            return self.has_moderate_permission(request)
        return permissions.can_use_admin(user) and permissions.can_moderate_thread(
            user, obj
        )

    def save_model(self, request, obj, form, change):
        stored = Thread.objects.select_related("first_post").get(pk=obj.pk)
        data = form.cleaned_data
        with service_call():
            if self._question_changed(stored, data):
                edit_post(
                    stored.first_post,
                    by=request.user,
                    body=stored.first_post.body,
                    title=data["title"],
                    tags=data["tags"],
                )
            if "board" in data and data["board"].pk != stored.board_id:
                moderation.move_thread(
                    stored, to=data["board"], by=request.user, reason=data["reason"]
                )

    @staticmethod
    def _question_changed(stored: Thread, data: dict) -> bool:
        if "title" not in data:
            return False
        tags = set(stored.tags.names())
        return data["title"] != stored.title or set(data["tags"]) != tags

    lock_threads = thread_action(
        moderation.lock_thread, _("Lock the selected threads"), _("{count} locked.")
    )
    unlock_threads = thread_action(
        moderation.unlock_thread,
        _("Unlock the selected threads"),
        _("{count} unlocked."),
    )
    pin_threads = thread_action(
        moderation.pin_thread, _("Pin the selected threads"), _("{count} pinned.")
    )
    unpin_threads = thread_action(
        moderation.unpin_thread, _("Unpin the selected threads"), _("{count} unpinned.")
    )
    feature_threads = thread_action(
        moderation.feature_thread, _("Feature on the home page"), _("{count} featured.")
    )
    unfeature_threads = thread_action(
        moderation.unfeature_thread,
        _("Stop featuring"),
        _("{count} no longer featured."),
    )
    hide_threads = question_action(
        moderation.hide_post, _("Hide (with the reason beside)"), _("{count} hidden.")
    )
    restore_threads = question_action(
        moderation.restore_post, _("Restore hidden threads"), _("{count} restored.")
    )
    approve_threads = question_action(
        moderation.approve_post, _("Approve waiting threads"), _("{count} approved."),
        with_reason=False,
    )  # fmt: skip

    @admin.action(
        description=_("Move to the board chosen beside"), permissions=["moderate"]
    )
    def move_threads(self, request, queryset):
        board = Board.objects.filter(pk=request.POST.get("to_board") or None).first()
        reason = request.POST.get("reason", "")
        self.act_on_each(
            request,
            queryset,
            lambda thread: moderation.move_thread(
                thread, to=board, by=request.user, reason=reason
            ),
            done=_("{count} moved."),
        )
