"""API shapes. Output serializers read only what the selectors loaded; input
serializers refuse unknown fields so nobody can set author, board, counters or
roles through a body."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiToken, User
from forum import limits, permissions
from forum.attachments import avatars
from forum.models import Board, Post, Thread
from forum.reputation import rank_for

AVATAR_URLS_SCHEMA = {
    "type": "object",
    "nullable": True,
    "additionalProperties": {"type": "string"},
    "example": {"48": "/media/avatars/k/48.jpg", "96": "/media/avatars/k/96.jpg"},
}


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know instead of silently ignoring them."""

    def validate(self, attrs):
        unknown = set(getattr(self, "initial_data", {}) or {}) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown field.")] for name in sorted(unknown)}
            )
        return attrs

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send a JSON object.")]}
            )
        errors = {
            name: [message]
            for name, field in self.fields.items()
            if name in data and (message := _json_type_error(field, data[name]))
        }
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def _json_type_error(field, value) -> str | None:
    """DRF quietly turns 5 into "5" and "5" into 5; the schema promises a string or
    an integer, so anything else is refused rather than converted."""
    if value is None:
        return None
    if isinstance(field, serializers.ListField):
        if not isinstance(value, list) or any(
            _json_type_error(field.child, item) for item in value
        ):
            return _("Send a list of strings.")
        return None
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return _("Send a string.")
    is_whole = (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    )
    if isinstance(field, serializers.IntegerField) and not is_whole:
        return _("Send a whole number.")
    return None


class ErrorSerializer(serializers.Serializer):
    """``{"detail", "code"}``, or field errors: ``{"field": ["message", ...]}``."""

    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)


# --- Output -------------------------------------------------------------------


class AuthorSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    reputation = serializers.IntegerField()
    rank = serializers.SerializerMethodField()
    profile_url = serializers.SerializerMethodField()
    avatar_urls = serializers.SerializerMethodField(
        help_text="The profile picture's address by size in pixels (48, 96, 256); "
        "null without one (show the initials)."
    )

    def get_rank(self, user: User) -> str:
        return rank_for(user.reputation)

    def get_profile_url(self, user: User) -> str:
        return f"/u/{user.username}/"

    @extend_schema_field(AVATAR_URLS_SCHEMA)
    def get_avatar_urls(self, user: User) -> dict[str, str] | None:
        return avatars.avatar_urls(user)


class BoardSerializer(serializers.ModelSerializer):
    category = serializers.CharField(
        source="category.name", default=None, allow_null=True
    )
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Board
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "kind",
            "category",
            "thread_count",
            "post_count",
            "last_activity_at",
            "url",
        ]


class PostSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(allow_null=True)
    expert_title = serializers.SerializerMethodField()
    is_solution = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_give_kudos = serializers.SerializerMethodField()
    can_accept = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "author",
            "expert_title",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "kudos_count",
            "is_solution",
            "url",
            "can_edit",
            "can_give_kudos",
            "can_accept",
        ]

    def _user(self):
        return self.context["request"].user

    def get_expert_title(self, post: Post) -> str:
        certification = permissions.expert_certification_for(
            post.author, post.thread.board
        )
        return certification.title if certification else ""

    def get_is_solution(self, post: Post) -> bool:
        return post.pk == post.thread.solution_post_id

    def get_url(self, post: Post) -> str:
        return f"/p/{post.pk}/"

    def get_can_edit(self, post: Post) -> bool:
        return permissions.can_edit_post(self._user(), post)

    def get_can_give_kudos(self, post: Post) -> bool:
        return permissions.can_give_kudos(self._user(), post)

    def get_can_accept(self, post: Post) -> bool:
        return permissions.can_accept_solution(self._user(), post)


class ThreadSerializer(serializers.ModelSerializer):
    board = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = AuthorSerializer(allow_null=True)
    tags = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url")
    is_solved = serializers.BooleanField()
    is_expert_verified = serializers.BooleanField()

    class Meta:
        model = Thread
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "board",
            "author",
            "tags",
            "is_solved",
            "is_expert_verified",
            "is_locked",
            "is_pinned",
            "reply_count",
            "view_count",
            "kudos_count",
            "me_too_count",
            "created_at",
            "last_activity_at",
            "solution_post",
            "accepted_as",
            "accepted_at",
        ]

    def get_tags(self, thread: Thread) -> list[str]:
        return [tag.name for tag in thread.tags.all()]


class ThreadDetailSerializer(ThreadSerializer):
    question = serializers.SerializerMethodField()
    solution = serializers.SerializerMethodField()
    accepted_by = AuthorSerializer(allow_null=True)
    can_reply = serializers.SerializerMethodField()
    can_me_too = serializers.SerializerMethodField()
    can_follow = serializers.SerializerMethodField()
    can_unaccept = serializers.SerializerMethodField()

    class Meta(ThreadSerializer.Meta):
        fields = [
            *ThreadSerializer.Meta.fields,
            "question",
            "solution",
            "accepted_by",
            "can_reply",
            "can_me_too",
            "can_follow",
            "can_unaccept",
        ]

    def _user(self):
        return self.context["request"].user

    @extend_schema_field(PostSerializer)
    def get_question(self, thread: Thread):
        thread.first_post.thread = thread
        return PostSerializer(thread.first_post, context=self.context).data

    @extend_schema_field(PostSerializer(allow_null=True))
    def get_solution(self, thread: Thread):
        if not thread.solution_post_id:
            return None
        thread.solution_post.thread = thread
        return PostSerializer(thread.solution_post, context=self.context).data

    def get_can_reply(self, thread: Thread) -> bool:
        return permissions.can_reply(self._user(), thread)

    def get_can_me_too(self, thread: Thread) -> bool:
        return permissions.can_me_too(self._user(), thread)

    def get_can_follow(self, thread: Thread) -> bool:
        return permissions.can_follow_thread(self._user(), thread)

    def get_can_unaccept(self, thread: Thread) -> bool:
        return permissions.can_unaccept_solution(self._user(), thread)


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    thread_count = serializers.IntegerField()


class MeSerializer(serializers.ModelSerializer):
    rank = serializers.SerializerMethodField()
    expert_titles = serializers.SerializerMethodField()
    avatar_urls = serializers.SerializerMethodField(
        help_text="Your profile picture's address by size in pixels; null without one."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "email",
            "role",
            "reputation",
            "rank",
            "kudos_received",
            "solution_count",
            "post_count",
            "expert_titles",
            "avatar_urls",
        ]

    def get_rank(self, user: User) -> str:
        return rank_for(user.reputation)

    @extend_schema_field(AVATAR_URLS_SCHEMA)
    def get_avatar_urls(self, user: User) -> dict[str, str] | None:
        return avatars.avatar_urls(user)

    def get_expert_titles(self, user: User) -> list[str]:
        return [c.title for c in user.active_certifications]


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    secret = serializers.CharField(help_text="Shown only once: store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "secret"]


class ToggleResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField(help_text="False when nothing had to change.")
    count = serializers.IntegerField(required=False)


# --- Input --------------------------------------------------------------------


class ThreadCreateSerializer(StrictSerializer):
    board = serializers.SlugRelatedField(
        slug_field="slug", queryset=Board.objects.all()
    )
    title = serializers.CharField(
        min_length=limits.TITLE_MIN_LENGTH, max_length=limits.TITLE_MAX_LENGTH
    )
    body = serializers.CharField(
        min_length=limits.BODY_MIN_LENGTH, max_length=limits.BODY_MAX_LENGTH
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=limits.TAG_MAX_LENGTH),
        max_length=limits.TAGS_MAX_COUNT,
        required=False,
        default=list,
    )


class ThreadUpdateSerializer(StrictSerializer):
    title = serializers.CharField(
        min_length=limits.TITLE_MIN_LENGTH,
        max_length=limits.TITLE_MAX_LENGTH,
        required=False,
    )
    body = serializers.CharField(
        min_length=limits.BODY_MIN_LENGTH,
        max_length=limits.BODY_MAX_LENGTH,
        required=False,
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=limits.TAG_MAX_LENGTH),
        max_length=limits.TAGS_MAX_COUNT,
        required=False,
    )


class PostWriteSerializer(StrictSerializer):
    body = serializers.CharField(
        min_length=limits.BODY_MIN_LENGTH, max_length=limits.BODY_MAX_LENGTH
    )


class AcceptSerializer(StrictSerializer):
    post = serializers.IntegerField(min_value=1)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class HideSerializer(StrictSerializer):
    reason = serializers.CharField(
        max_length=500, help_text="Required: it goes in the audit log."
    )


class ApiTokenCreateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=ApiToken.NAME_MAX_LENGTH)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
