from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "forum.console"
    verbose_name = "Site settings"
    default_auto_field = "django.db.models.BigAutoField"
