from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagesConfig(AppConfig):
    name = "forum.messages"
    # "messages" is django.contrib.messages' label.
    label = "private_messages"
    verbose_name = _("Private messages")
    default_auto_field = "django.db.models.BigAutoField"
