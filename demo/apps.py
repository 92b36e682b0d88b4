from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and bulk benchmark data: seeding code and its management
    commands, kept out of the project package and the product's apps."""

    name = "demo"
