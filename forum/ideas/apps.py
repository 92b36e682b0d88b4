from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "forum.ideas"
    verbose_name = _("Idea exchange")
    default_auto_field = "django.db.models.BigAutoField"
