from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "forum.care"
    verbose_name = _("Social care")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forum.care import receivers  # noqa: F401  (connects the receivers)
