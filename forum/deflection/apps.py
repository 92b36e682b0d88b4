from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeflectionConfig(AppConfig):
    name = "forum.deflection"
    label = "deflection"
    verbose_name = _("Deflection")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forum.deflection import signals

        signals.connect()
