from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    """Full-text search over threads and knowledge articles; the engine follows
    the database."""

    name = "forum.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forum.search import signals  # noqa: F401

        post_migrate.connect(
            index_missing_documents, sender=self, dispatch_uid="search_index_missing"
        )


def index_missing_documents(*, using: str = "default", verbosity: int = 1, **kwargs):
    """After migrating, index every thread that has no search document (all of
    them after a migration that changes what is indexed)."""
    from django.conf import settings

    if not getattr(settings, "SEARCH_INDEX_ON_MIGRATE", True):
        return
    from forum.search.indexing import index_missing
    from forum.search.knowledge import index_missing_articles

    indexed = index_missing(using=using)
    if indexed and verbosity:
        print(f"  Indexed {indexed} threads for search.")
    if using == "default":
        articles = index_missing_articles()
        if articles and verbosity:
            print(f"  Indexed {articles} knowledge articles for search.")
