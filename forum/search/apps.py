from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over forum threads; the engine follows the database."""

    name = "forum.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forum.search import signals  # noqa: F401
