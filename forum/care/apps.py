from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "forum.care"
    verbose_name = "Social care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forum.care import receivers  # noqa: F401  (connects the receivers)
