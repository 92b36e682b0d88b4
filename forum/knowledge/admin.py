"""The knowledge base in the admin: categories are configuration, saved here;
articles are read-only, and their workflow moves are actions that call the
same services as the article page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.admin_site import DoorwayAdmin, ReadOnlyInline
from forum import permissions
from forum.knowledge import services
from forum.knowledge.models import Article, ArticleCategory, ArticleVersion


@admin.register(ArticleCategory)
class ArticleCategoryAdmin(DoorwayAdmin):
    """Added and changed here (the site has no page for them); never deleted,
    since articles keep their category (PROTECT)."""

    fields = ["name", "slug", "description", "position"]
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return permissions.can_configure_site(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_configure_site(request.user)


class VersionInline(ReadOnlyInline):
    model = ArticleVersion
    fields = ["number", "state", "title", "note", "created_by", "created_at"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


def _move(service, description: str, done: str):
    @admin.action(description=description, permissions=["review"])
    def action(modeladmin, request, queryset):
        modeladmin.act_on_each(
            request,
            queryset,
            lambda article: service(article, by=request.user),
            done=done,
        )

    return action


@admin.register(Article)
class ArticleAdmin(DoorwayAdmin):
    """Read-only: text changes keep a version and a stale-edit check on the
    article's own edit page. The workflow moves are actions, through the
    services (audit log, signals, dates)."""

    list_display = ["title", "category", "state", "owner", "version", "updated_at"]
    list_filter = ["state", "category"]
    search_fields = ["title", "summary"]
    list_select_related = ["category", "owner"]
    inlines = [VersionInline]
    actions = ["publish_articles", "archive_articles", "restore_articles"]

    def has_review_permission(self, request) -> bool:
        user = request.user
        return permissions.can_use_admin(user) and permissions.can_review_articles(user)

    publish_articles = _move(
        services.publish_article,
        _("Publish (articles in review)"),
        _("{count} articles published."),
    )
    archive_articles = _move(
        services.archive_article,
        _("Archive (published articles)"),
        _("{count} articles archived."),
    )
    restore_articles = _move(
        services.restore_article,
        _("Restore as drafts (archived articles)"),
        _("{count} articles restored as drafts."),
    )
