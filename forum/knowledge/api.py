"""The knowledge base API (/api/v1/articles/, /api/v1/article-categories/):
the same selectors and services as the pages, in the API's one error shape.
Reading is open to everyone; writing follows the permission module."""

from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from forum import limits, permissions
from forum.api.serializers import StrictSerializer
from forum.knowledge import selectors, services
from forum.knowledge.models import Article, ArticleCategory
from forum.knowledge.services.articles import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from forum.models import Board


def _unknown_filter_message(name: str, value: str) -> str:
    # One sentence per filter: the noun's gender and place differ by language.
    messages = {
        "category": gettext("No category is called “%(value)s”."),
        "board": gettext("No board is called “%(value)s”."),
        "tag": gettext("No tag is called “%(value)s”."),
    }
    return messages[name] % {"value": value}


# --- shapes ---------------------------------------------------------------------


class ArticleCategorySerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField(help_text=_("Published articles."))
    url = serializers.SerializerMethodField()

    class Meta:
        model = ArticleCategory
        fields = ["slug", "name", "description", "position", "article_count", "url"]

    def get_url(self, category: ArticleCategory) -> str:
        return category.get_absolute_url()


class ArticleOwnerSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()


class ArticleSerializer(serializers.ModelSerializer):
    """An article as lists show it, with what the caller may do to it."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner = ArticleOwnerSerializer(allow_null=True, read_only=True)
    tags = serializers.SerializerMethodField()
    boards = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    out_of_date = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_submit = serializers.SerializerMethodField()
    can_publish = serializers.SerializerMethodField()
    can_return = serializers.SerializerMethodField()
    can_archive = serializers.SerializerMethodField()
    can_restore = serializers.SerializerMethodField()
    can_mark_reviewed = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "slug",
            "summary",
            "state",
            "category",
            "tags",
            "boards",
            "owner",
            "version",
            "published_at",
            "updated_at",
            "last_reviewed_at",
            "out_of_date",
            "view_count",
            "url",
            "can_edit",
            "can_submit",
            "can_publish",
            "can_return",
            "can_archive",
            "can_restore",
            "can_mark_reviewed",
        ]

    def _user(self):
        return permissions.unwrapped_user(self.context["request"].user)

    def get_tags(self, article: Article) -> list[str]:
        return sorted(tag.name for tag in article.tags.all())

    def get_boards(self, article: Article) -> list[str]:
        return [board.slug for board in article.boards.all()]

    def get_url(self, article: Article) -> str:
        return article.get_absolute_url()

    def get_out_of_date(self, article: Article) -> bool:
        return selectors.is_out_of_date(article)

    def get_can_edit(self, article: Article) -> bool:
        return permissions.can_edit_article(self._user(), article)

    def get_can_submit(self, article: Article) -> bool:
        return permissions.can_submit_article(self._user(), article)

    def get_can_publish(self, article: Article) -> bool:
        return permissions.can_publish_article(self._user(), article)

    def get_can_return(self, article: Article) -> bool:
        return permissions.can_return_article(self._user(), article)

    def get_can_archive(self, article: Article) -> bool:
        return permissions.can_archive_article(self._user(), article)

    def get_can_restore(self, article: Article) -> bool:
        return permissions.can_restore_article(self._user(), article)

    def get_can_mark_reviewed(self, article: Article) -> bool:
        return permissions.can_mark_article_reviewed(self._user(), article)


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "body_html"]


class ArticleWriteSerializer(StrictSerializer):
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=ArticleCategory.objects.all()
    )
    title = serializers.CharField(
        min_length=limits.TITLE_MIN_LENGTH, max_length=limits.TITLE_MAX_LENGTH
    )
    body = serializers.CharField(
        min_length=limits.BODY_MIN_LENGTH, max_length=limits.BODY_MAX_LENGTH
    )
    summary = serializers.CharField(
        max_length=SUMMARY_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=limits.TAG_MAX_LENGTH),
        max_length=limits.TAGS_MAX_COUNT,
        required=False,
        default=list,
    )
    boards = serializers.ListField(
        child=serializers.SlugRelatedField(
            slug_field="slug", queryset=Board.objects.all()
        ),
        max_length=services.articles.BOARDS_MAX_COUNT,
        required=False,
        default=list,
        help_text=_("Slugs of the boards the article applies to."),
    )
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ArticleUpdateSerializer(ArticleWriteSerializer):
    """Any field left out keeps its value; ``version`` is the version the change
    was made to, and a save by someone else since is refused (400)."""

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty


class WorkflowNoteSerializer(StrictSerializer):
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why: required when a reviewer returns someone else's article."),
    )


# --- views ----------------------------------------------------------------------


def _validated(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


ARTICLE_FILTERS = [
    OpenApiParameter("category", str, description=_("A category's slug.")),
    OpenApiParameter("board", str, description=_("A board's slug.")),
    OpenApiParameter("tag", str, description=_("A tag's slug.")),
]


class ArticleCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The knowledge base's categories, with their published article counts."""

    serializer_class = ArticleCategorySerializer
    lookup_field = "slug"
    filterset_class = None
    queryset = ArticleCategory.objects.annotate(
        article_count=Count("articles", filter=Q(articles__state="published"))
    ).order_by("position", "name")


class ArticleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Published articles (list), any article the caller may see (detail), and
    the writing and workflow moves the permission module allows."""

    lookup_value_regex = r"[0-9]{1,18}"
    filterset_class = None
    queryset = Article.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        filters = {name: params.get(name, "") for name in ("category", "board", "tag")}
        unknown = selectors.unknown_article_filters(**filters)
        if unknown:
            raise serializers.ValidationError(
                {
                    name: [_unknown_filter_message(name, filters[name][:80])]
                    for name in unknown
                }
            )
        return selectors.published_articles(**filters)

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleSerializer
        return ArticleDetailSerializer

    def get_object(self):
        return selectors.article_detail(self.request.user, self.kwargs["pk"])

    def _detail(self, request, article_id: int, *, status_code=status.HTTP_200_OK):
        article = selectors.article_detail(request.user, article_id)
        data = ArticleDetailSerializer(article, context={"request": request}).data
        return Response(data, status=status_code)

    @extend_schema(summary="List published articles", parameters=ARTICLE_FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=ArticleWriteSerializer, responses={201: ArticleDetailSerializer}
    )
    def create(self, request):
        """Draft an article (knowledge authors)."""
        data = _validated(ArticleWriteSerializer, request)
        article = services.create_article(by=request.user, **data)
        return self._detail(request, article.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=ArticleUpdateSerializer, responses=ArticleDetailSerializer)
    def partial_update(self, request, pk=None):
        """Save a new version; refused (400) if someone saved since ``version``."""
        article = self.get_object()
        data = _validated(ArticleUpdateSerializer, request)
        services.edit_article(
            article,
            by=request.user,
            title=data.get("title", article.title),
            body=data.get("body", article.body),
            summary=data.get("summary", article.summary),
            tags=data.get("tags", list(article.tags.names())),
            boards=data.get("boards", list(article.boards.all())),
            category=data.get("category", article.category),
            note=data.get("note", ""),
            expected_version=data["version"],
        )
        return self._detail(request, article.pk)

    def _move(self, request, service):
        article = self.get_object()
        note = _validated(WorkflowNoteSerializer, request)["note"]
        service(article, by=request.user, note=note)
        return self._detail(request, article.pk)

    @extend_schema(request=WorkflowNoteSerializer, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft for review."""
        return self._move(request, services.submit_article)

    @extend_schema(request=WorkflowNoteSerializer, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish an article in review (reviewers)."""
        return self._move(request, services.publish_article)

    @extend_schema(request=WorkflowNoteSerializer, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_draft(self, request, pk=None):
        """Send an article in review back to draft."""
        return self._move(request, services.return_article)

    @extend_schema(request=WorkflowNoteSerializer, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive a published article (reviewers)."""
        return self._move(request, services.archive_article)

    @extend_schema(request=WorkflowNoteSerializer, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Bring an archived article back as a draft (reviewers)."""
        return self._move(request, services.restore_article)

    @extend_schema(request=None, responses=ArticleDetailSerializer)
    @action(detail=True, methods=["post"])
    def reviewed(self, request, pk=None):
        """Confirm a published article is still right (renews its review date)."""
        article = self.get_object()
        services.mark_article_reviewed(article, by=request.user)
        return self._detail(request, article.pk)
