from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "forum.ideas"
    verbose_name = "Idea exchange"
    default_auto_field = "django.db.models.BigAutoField"
