from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReputationConfig(AppConfig):
    name = "forum.reputation"
    label = "reputation"
    verbose_name = _("Reputation and badges")

    def ready(self):
        from forum.reputation import signals  # noqa: F401
