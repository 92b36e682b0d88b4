from django.apps import AppConfig


class ComposerConfig(AppConfig):
    """Where posts are written: the Markdown editor's toolbar, live preview,
    @mention completion and drafts, on ask, reply and edit."""

    name = "forum.composer"
    label = "composer"
    verbose_name = "Composer"
