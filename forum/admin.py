from django.contrib import admin

from forum.models import Board, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category", "kind", "position"]
    list_editable = ["position"]
    list_filter = ["kind", "category"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]
