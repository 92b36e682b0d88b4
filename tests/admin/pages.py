"""Using the admin the way an administrator's browser does: read a form as rendered,
change some fields, send it back."""

from collections import defaultdict
from html.parser import HTMLParser

from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

SKIPPED_INPUTS = {"submit", "button", "image", "file", "reset"}


class _FormReader(HTMLParser):
    """The values a browser would send for the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, list[str]] = defaultdict(list)
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select":
            self.select, self.options = attrs.get("name"), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self.textarea, self.text = attrs.get("name"), []

    def _input(self, attrs: dict) -> None:
        kind, name = attrs.get("type", "text"), attrs.get("name")
        if not name or kind in SKIPPED_INPUTS:
            return
        if kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self.values[name].append(attrs.get("value", "on"))
            return
        self.values[name].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and self.options:
                chosen = [self.options[0][0]]
            self.values[self.select].extend(chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the newline that opens a textarea's content.
            text = "".join(self.text)
            self.values[self.textarea].append(text.removeprefix("\n"))
            self.textarea = None


def form_values(response, form_id: str) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.values, f"no form #{form_id} on the page"
    return dict(reader.values)


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def errors_shown(response) -> list[str]:
    """Error messages the admin queued on this response."""
    return [
        str(m) for m in get_messages(response.wsgi_request) if m.level >= messages.ERROR
    ]


def _send(client, url: str, values: dict, changes: dict):
    data = values | {name: [str(value)] for name, value in changes.items()}
    return client.post(url, data | {"_save": ["Save"]})


def change(client, obj, **changes):
    """Change fields on the object's change page, as a browser would."""
    url = admin_url(type(obj), "change", obj.pk)
    page = client.get(url)
    return _send(
        client, url, form_values(page, f"{obj._meta.model_name}_form"), changes
    )


def add(client, model, **values):
    """Fill in the add page of ``model`` and save."""
    url = admin_url(model, "add")
    page = client.get(url)
    return _send(
        client, url, form_values(page, f"{model._meta.model_name}_form"), values
    )


def edit_in_list(client, obj, **changes):
    """Change the object's editable columns on its list page."""
    url = admin_url(type(obj), "changelist")
    values = form_values(client.get(url), "changelist-form")
    row = next(
        name.removesuffix("-id")
        for name, found in values.items()
        if name.endswith("-id") and found == [str(obj.pk)]
    )
    changes = {f"{row}-{name}": value for name, value in changes.items()}
    return _send(client, url, values, changes)


def act(client, model, action: str, objects, **extra):
    """Run a changelist action on ``objects`` (``post="yes"`` confirms a deletion)."""
    return client.post(
        admin_url(model, "changelist"),
        {
            "action": action,
            "_selected_action": [obj.pk for obj in objects],
            "index": 0,
            **extra,
        },
    )


def delete(client, obj):
    """Confirm the object's delete page."""
    return client.post(admin_url(type(obj), "delete", obj.pk), {"post": "yes"})
