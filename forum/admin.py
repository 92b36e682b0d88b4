from django.contrib import admin

from forum.models import (
    Board,
    Category,
    Kudos,
    MeToo,
    Post,
    PostRevision,
    Thread,
    ThreadFollow,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "kind",
        "position",
        "thread_count",
        "post_count",
        "last_activity_at",
    ]
    list_editable = ["position"]
    list_filter = ["kind", "category"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]


class PostInline(admin.TabularInline):
    model = Post
    fields = ["author", "created_at", "kudos_count", "is_hidden", "body"]
    readonly_fields = ["author", "created_at", "kudos_count", "body"]
    extra = 0
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
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
    raw_id_fields = [
        "author",
        "first_post",
        "solution_post",
        "accepted_by",
        "last_poster",
    ]
    readonly_fields = [
        "reply_count",
        "view_count",
        "kudos_count",
        "me_too_count",
        "first_response_at",
        "accepted_at",
        "accepted_as",
    ]
    inlines = [PostInline]

    @admin.display(boolean=True, description="solved")
    def is_solved(self, thread):
        return thread.is_solved


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    fields = ["created_at", "edited_by", "title", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
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
    raw_id_fields = ["thread", "author", "edited_by"]
    readonly_fields = ["body_html", "kudos_count", "edited_at"]
    inlines = [PostRevisionInline]


@admin.register(Kudos)
class KudosAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "post"]
    date_hierarchy = "created_at"


@admin.register(MeToo)
class MeTooAdmin(admin.ModelAdmin):
    list_display = ["user", "thread", "created_at"]
    search_fields = ["user__username", "thread__title"]
    raw_id_fields = ["user", "thread"]


@admin.register(ThreadFollow)
class ThreadFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "thread", "created_at"]
    search_fields = ["user__username", "thread__title"]
    raw_id_fields = ["user", "thread"]
