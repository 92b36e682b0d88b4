"""The composer as a form widget: every form that writes a post uses it."""

from django import forms
from django.urls import reverse

from forum.composer import selectors


class ComposerTextarea(forms.Textarea):
    """A Markdown textarea with a formatting toolbar, live preview, @mention
    completion, drafts kept in the browser and file uploads, all added by
    ``static/js/composer.js``. Without JavaScript it is a plain textarea with a
    Preview button that posts the form back (``show_preview`` set by the view)."""

    template_name = "composer/widget.html"

    def __init__(self, attrs=None, *, uploads: bool = True):
        super().__init__({"rows": 10, "class": "composer-input", **(attrs or {})})
        # Files belong to a post (its visibility is theirs); where there is none
        # to belong to, the composer offers no uploads.
        self.uploads = uploads
        self.show_preview = False
        self.author = None  # whose uploads the no-script preview shows
        self.post_id = None  # the post being edited, if any

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text = self.format_value(value) or ""
        context["composer"] = {
            "preview_url": reverse("composer:preview"),
            "mentions_url": reverse("composer:mentions"),
            "upload_url": reverse("attachments:upload") if self.uploads else "",
            "preview_html": (
                selectors.preview_html(text, author=self.author, post_id=self.post_id)
                if self.show_preview and text
                else ""
            ),
            "show_preview": self.show_preview,
            "post_id": self.post_id,
        }
        return context


def wants_preview(request) -> bool:
    """The form was sent by the Preview button (the no-script path): the view
    shows it again, unsaved, with ``show_preview``."""
    return request.method == "POST" and "preview" in request.POST


def show_preview(form: forms.Form, *, author, field: str = "body") -> forms.Form:
    """Render ``author``'s post under ``field``'s composer when ``form`` is shown."""
    widget = form.fields[field].widget
    widget.show_preview = True
    widget.author = author
    return form


def editing(form: forms.Form, post_id: int, field: str = "body") -> forms.Form:
    """The composer edits post ``post_id``: its previews show that post's uploads."""
    form.fields[field].widget.post_id = post_id
    return form
