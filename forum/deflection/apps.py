from django.apps import AppConfig


class DeflectionConfig(AppConfig):
    name = "forum.deflection"
    label = "deflection"
    verbose_name = "Deflection"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forum.deflection import signals

        signals.connect()
