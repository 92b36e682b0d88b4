from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "forum.reputation"
    label = "reputation"
    verbose_name = "Reputation and badges"

    def ready(self):
        from forum.reputation import signals  # noqa: F401
