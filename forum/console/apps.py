from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "forum.console"
    verbose_name = _("Site settings")
    default_auto_field = "django.db.models.BigAutoField"
