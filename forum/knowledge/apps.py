from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "forum.knowledge"
    verbose_name = "Knowledge base"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forum.knowledge import receivers  # noqa: F401 - connects the receivers
