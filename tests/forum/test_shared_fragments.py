"""Templates of fragments shared across viewers read nothing about the viewer.

A fragment cached once and served to every member (post heads, the thread page's
main part, a board's thread list, the home page's lists) must not read the user,
their permissions, session, messages or CSRF token: it would show one member's
answer to all the others. Each such template is rendered here with the context its
page really gave it, minus the per-viewer names, and every read of one fails.
"""

import pytest
from django.template import Context
from django.test.signals import template_rendered
from django.test.utils import override_settings

from forum import fragments, services
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

SHARED_FRAGMENTS = {
    "forum/includes/_post_head.html",
    "forum/includes/_thread_main.html",
    "forum/includes/_board_threads.html",
    "forum/includes/_home_lists.html",
}
# What context processors, middleware and tags put in a template per viewer.
PER_VIEWER_NAMES = {
    "user",
    "perms",
    "messages",
    "DEFAULT_MESSAGE_LEVELS",
    "csrf_token",
    "request",
    "unread_notifications",
    "unread_notification_count",
    "moderation",
    "can_moderate",
}
# What a shared fragment may ask of the request: the query string its links
# repeat, which is part of the fragment's cache key.
REQUEST_ATTRIBUTES_SHARED = {"GET", "path", "path_info", "get_full_path"}


class RequestTripwire:
    def __init__(self, request, reads: list[str]):
        self.request, self.reads = request, reads

    def __getattr__(self, name):
        if name not in REQUEST_ATTRIBUTES_SHARED:
            self.reads.append(f"request.{name}")
        return getattr(self.request, name)


class ViewerTripwire(Context):
    """A template context that notes every read of a per-viewer name."""

    def __init__(self, values: dict, request):
        self.reads: list[str] = []
        self.placeholder = fragments._csrf_placeholder()
        shared = {k: v for k, v in values.items() if k not in PER_VIEWER_NAMES}
        if values.get("csrf_token") == self.placeholder:
            shared["csrf_token"] = self.placeholder  # replaced per viewer after
        if request is not None:
            shared["request"] = RequestTripwire(request, self.reads)
        super().__init__(shared)

    def note(self, key):
        if key == "csrf_token":
            # The placeholder is shared; any other token is one viewer's.
            if super().get(key) != self.placeholder:
                self.reads.append(key)
        elif key in PER_VIEWER_NAMES and key != "request":
            self.reads.append(key)

    def __getitem__(self, key):
        self.note(key)
        return super().__getitem__(key)

    def get(self, key, otherwise=None):
        self.note(key)
        return super().get(key, otherwise)

    def __contains__(self, key):
        self.note(key)
        return super().__contains__(key)


def shared_fragments_rendered_for(client, urls: list[str]) -> list[tuple]:
    found = []

    def record(sender, template, context, **kwargs):
        if template.name in SHARED_FRAGMENTS:
            request = getattr(context, "request", None)
            found.append((template, context.flatten(), request))

    template_rendered.connect(record)
    try:
        for url in urls:
            assert client.get(url).status_code == 200
    finally:
        template_rendered.disconnect(record)
    return found


@override_settings(PAGE_CACHE_ENABLED=False)  # every fragment rendered afresh
def test_templates_of_shared_fragments_read_nothing_about_the_viewer(
    client, question, answer, customer
):
    PostFactory(thread=question)
    services.give_kudos(answer, by=customer)
    client.force_login(customer)
    rendered = shared_fragments_rendered_for(
        client,
        [question.get_absolute_url(), question.board.get_absolute_url(), "/"],
    )
    assert {template.name for template, _, _ in rendered} == SHARED_FRAGMENTS

    reads = {}
    for template, values, request in rendered:
        context = ViewerTripwire(values, request)
        template.render(context)
        if context.reads:
            reads[template.name] = sorted(set(context.reads))

    assert reads == {}


def test_the_tripwire_catches_a_template_that_reads_the_user(rf, customer):
    from django.template import engines

    template = engines["django"].from_string("{{ user.name }}{% csrf_token %}")
    request = rf.get("/")
    context = ViewerTripwire({"user": customer, "csrf_token": "abc"}, request)
    template.template.render(context)

    assert sorted(context.reads) == ["csrf_token", "user"]
