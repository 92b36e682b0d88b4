from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComposerConfig(AppConfig):
    """Where posts are written: the Markdown editor's toolbar, live preview,
    @mention completion and drafts, on ask, reply and edit."""

    name = "forum.composer"
    label = "composer"
    verbose_name = _("Composer")
