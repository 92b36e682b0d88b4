from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "forum.integrations"
    label = "integrations"
    verbose_name = "Integrations (outgoing webhooks)"
