from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "forum.attachments"
    label = "attachments"
    verbose_name = "Attachments"
