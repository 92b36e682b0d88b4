"""Hostile content in a real browser: the whole XSS corpus planted in every
user-written field, and every page showing it opened by the role that sees it. No
dialog fires, no planted handler runs, nothing in the live DOM can run script, and
every payload is on the pages visited, so a page that lost the content cannot pass."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from accounts.models import Role, User
from forum import services
from forum.deflection.models import DailyQueryStats
from forum.deflection.selectors.report import TABLE_ROWS
from forum.deflection.services.privacy import normalise_query
from forum.limits import POSTS_PER_PAGE, THREADS_PER_PAGE, TITLE_MAX_LENGTH
from forum.markdown import render_post
from forum.models import Post
from forum.moderation.models import Flag
from forum.moderation.services.users import ban_user, suspend_user
from forum.notifications.models import Notification, NotificationKind
from forum.notifications.views import NOTIFICATIONS_PER_PAGE
from forum.search.indexing import index_threads
from forum.services.validation import clean_body, clean_title
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD, BoardFactory, ThreadFactory, UserFactory
from tests.html_safety import unsafe_parts
from tests.security.hostile import WORD
from tests.security.xss_corpus import PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

# Replaces every way a payload announces itself, in every frame, before any of the
# page's own scripts run; a planted handler that calls them leaves a record.
TRAP = """
window.__xss_fired = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__xss_fired.push(`${name}(${args})`); };
}
"""

# Synthetic events run inline handlers exactly as real ones do, so hovering,
# focusing and clicking every element wakes any onmouseover/onfocus/onclick that got
# through. The capturing listener cancels the clicks' navigation and form posts.
PROVOKE = """
() => {
  window.addEventListener("click", (event) => event.preventDefault(), true);
  window.addEventListener("submit", (event) => event.preventDefault(), true);
  const kinds = ["mouseover", "mouseenter", "pointerover", "pointerenter",
                 "focus", "focusin", "click", "animationstart"];
  for (const element of document.querySelectorAll("body *")) {
    for (const kind of kinds) {
      const Event_ = kind.startsWith("pointer") ? PointerEvent
        : kind.startsWith("mouse") || kind === "click" ? MouseEvent
        : kind.startsWith("focus") ? FocusEvent : Event;
      const options = { bubbles: kind !== "mouseenter", cancelable: true };
      element.dispatchEvent(new Event_(kind, options));
    }
  }
  window.scrollTo(0, document.body.scrollHeight);
}
"""

# What in the live DOM could run script, read with the browser's own URL parser: a
# handler attribute, a URL whose scheme is not http(s)/mailto, a script that is not
# one of the site's static files or a JSON data block of its own, an embedding
# element, or an SVG element that animates attributes or hosts HTML.
DOM_PROBLEMS = """
() => {
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href",
    "data", "poster", "background", "cite", "ping", "srcset"]);
  const forbidden = new Set(["iframe", "frame", "frameset", "object", "embed",
    "applet", "base", "portal", "template", "animate", "set", "animateMotion",
    "animateTransform", "foreignObject", "handler", "listener"]);
  const safeSchemes = new Set(["http:", "https:", "mailto:"]);
  const problems = [];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.localName;
    if (forbidden.has(tag)) problems.push(`<${tag}>`);
    if (tag === "meta" && element.hasAttribute("http-equiv")) {
      problems.push("<meta http-equiv>");
    }
    if (tag === "script") {
      const src = element.getAttribute("src");
      const url = src && new URL(src, document.baseURI);
      const ownStatic = url && url.origin === location.origin
        && url.pathname.startsWith("/static/");
      // JSON-LD, and the one block of the scripts' translated words: data, never run.
      const dataBlock = !src && (element.type === "application/ld+json"
        || (element.type === "application/json" && element.id === "js-strings"));
      if (!ownStatic && !dataBlock) problems.push(element.outerHTML);
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on") || name === "style" || name === "srcdoc") {
        problems.push(`${tag}[${name}]`);
      }
      if (!urlAttributes.has(name)) continue;
      const urls = name === "srcset"
        ? attribute.value.split(",").map((part) => part.trim().split(/\\s+/)[0])
        : [attribute.value];
      for (const url of urls) {
        let scheme;
        try { scheme = new URL(url, document.baseURI).protocol; } catch { continue; }
        if (!safeSchemes.has(scheme)) problems.push(`${tag}[${name}=${url}]`);
      }
    }
  }
  return problems;
}
"""

# One round trip after the provoking: what the trap caught, what in the DOM could
# run, the sanitised post bodies, and the main content's text (innerText, unlike
# textContent, keeps the line breaks a <br> makes).
INSPECT = f"""
() => ({{
  trapped: window.__xss_fired || ["the trap is missing"],
  problems: ({DOM_PROBLEMS})(),
  postBodies: [...document.querySelectorAll(".post-body")].map((e) => e.innerHTML),
  text: document.querySelector("main").innerText,
}})
"""

INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


def marker(index: int) -> str:
    return f"Payload {index:03d}"


def as_text(value: str) -> str:
    """``value`` with spaces and control characters dropped: browsers and the site's
    cleaners differ on those, never on the characters a payload is made of."""
    return INVISIBLE.sub("", value)


def title_for(index: int, payload: str) -> str:
    return clean_title(f"{WORD} {index:03d} {payload}"[:TITLE_MAX_LENGTH])


def pages_of(count: int, per_page: int) -> range:
    return range(1, (count - 1) // per_page + 2)


@pytest.fixture
def page(browser, live_server, request):
    """A browser context that records dialogs and trapped calls, never leaves the
    live server, and ignores the Content-Security-Policy header: the header would
    stop an injected script on its own, and this test is about the escaping and the
    sanitiser underneath it."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    context.add_init_script(TRAP)
    # Foreign addresses in the corpus (evil.com, example.com) would only add DNS
    # waits; what they would have loaded is caught in the DOM instead.
    context.route(
        lambda url: not url.startswith(live_server.url), lambda route: route.abort()
    )
    page = context.new_page()
    page.dialogs = []

    def record_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record_dialog)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()


def visit(page, url: str) -> str:
    """Open ``url``, provoke every element, check that nothing ran and nothing in the
    DOM could run; returns the main content's text, as ``as_text`` reads it."""
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    page.evaluate(PROVOKE)
    page.keyboard.press("Tab")
    page.wait_for_timeout(50)
    found = page.evaluate(INSPECT)
    assert found["trapped"] == [], url
    assert page.dialogs == [], url
    assert found["problems"] == [], url
    assert page.frames == [page.main_frame], url
    for body in found["postBodies"]:
        assert unsafe_parts(body) == [], (url, body)
    return as_text(found["text"])


def switch_user(page, sign_in, username: str) -> None:
    page.context.clear_cookies()
    sign_in(username, PASSWORD)


# --- planting ------------------------------------------------------------------


def packed(payloads: list[str], *, size: int, joiner: str) -> list[str]:
    """The payloads joined into as few strings of at most ``size`` as they fit in."""
    packs = [""]
    for payload in payloads:
        candidate = f"{packs[-1]}{joiner}{payload}" if packs[-1] else payload
        if len(candidate) <= size:
            packs[-1] = candidate
        else:
            packs.append(payload)
    return packs


@pytest.fixture
def board():
    return BoardFactory(name="Mobile", slug="mobile")


@pytest.fixture
def asker():
    return UserFactory(username="asker")


@pytest.fixture
def moderator():
    return UserFactory(username="moderator", role=Role.MODERATOR)


@pytest.fixture
def authors():
    """One member per payload, the payload as display name; the bios hold the whole
    corpus too, packed a few payloads a bio. Bulk-made: they never sign in."""
    bios = packed(PAYLOADS, size=User.BIO_MAX_LENGTH, joiner="\n")
    joined = timezone.now() - timedelta(days=365)
    return User.objects.bulk_create(
        User(
            username=f"writer{index:03d}",
            email=f"writer{index:03d}@example.com",
            display_name=payload[: User.DISPLAY_NAME_MAX_LENGTH],
            bio=bios[index] if index < len(bios) else "",
            date_joined=joined,
        )
        for index, payload in enumerate(PAYLOADS)
    )


def stored_post(thread, *, author, body: str) -> Post:
    """A post as ``post_reply`` stores it, without the counters, notifications and
    re-indexing that make the service too slow to call once per payload."""
    body = clean_body(body)
    return Post(
        thread=thread, author=author, body=body, body_html=render_post(body).html
    )


@pytest.fixture
def corpus_thread(board, asker, authors):
    """A question with one reply per payload, each by its own author and opened by
    its marker, every other one mentioning the asker. Every payload is also one of
    the question's tags."""
    thread = services.create_thread(
        board=board,
        author=asker,
        title=title_for(0, PAYLOADS[0]),
        body="Replies below, one payload each.",
    )
    Post.objects.bulk_create(
        stored_post(
            thread,
            author=author,
            body=f"{marker(index)}{' @asker' if index % 2 else ''}\n\n{payload}",
        )
        for index, (author, payload) in enumerate(zip(authors, PAYLOADS, strict=True))
    )
    # Tag names go through a strict pattern on every form; these skip it, as a tag
    # written in the admin or before that check would, to show they are escaped too.
    thread.tags.add(*{payload[:100] for payload in PAYLOADS})
    return thread


def replies_of(thread) -> list[Post]:
    return list(thread.posts.exclude(pk=thread.first_post_id).order_by("pk"))


# --- the tests -------------------------------------------------------------------


def test_a_visitor_meets_the_corpus_in_posts_names_tags_titles_searches_and_bios(
    page, board, authors, corpus_thread
):
    titled = [
        ThreadFactory(
            board=board,
            author=author,
            title=title_for(index, payload),
            body=f"{marker(index)}\n\n{payload}",
        )
        for index, (author, payload) in enumerate(zip(authors, PAYLOADS, strict=True))
    ]
    index_threads([thread.pk for thread in titled])

    thread_text = " ".join(
        visit(page, f"{corpus_thread.get_absolute_url()}?page={number}")
        for number in pages_of(len(PAYLOADS), POSTS_PER_PAGE)
    )
    for index, payload in enumerate(PAYLOADS):
        assert as_text(marker(index)) in thread_text
        assert as_text(payload[: User.DISPLAY_NAME_MAX_LENGTH]) in thread_text
        assert as_text(payload[:100]) in thread_text, "tag"

    board_text = " ".join(
        visit(page, f"/b/{board.slug}/?page={number}")
        for number in pages_of(len(titled) + 1, THREADS_PER_PAGE)
    )
    search_text = " ".join(
        visit(page, f"/search/?{urlencode({'q': WORD, 'page': number})}")
        for number in pages_of(len(titled) + 1, THREADS_PER_PAGE)
    )
    for thread in titled:
        assert as_text(thread.title) in board_text
        assert as_text(thread.title) in search_text

    for query in packed(PAYLOADS, size=200, joiner=" "):
        assert as_text(query) in visit(page, f"/search/?{urlencode({'q': query})}")

    for author in authors:
        if author.bio:
            profile_text = visit(page, f"/u/{author.username}/")
            for line in author.bio.splitlines():
                assert as_text(line) in profile_text


def test_staff_and_members_meet_the_corpus_in_flags_reasons_notifications_and_report(
    page, sign_in, asker, moderator, authors, corpus_thread
):
    replies = replies_of(corpus_thread)
    Flag.objects.bulk_create(
        Flag(
            post=reply, user=asker, reason="other", note=payload[: Flag.NOTE_MAX_LENGTH]
        )
        for reply, payload in zip(replies, PAYLOADS, strict=True)
    )
    for index, (author, payload) in enumerate(zip(authors, PAYLOADS, strict=True)):
        if index % 2:
            ban_user(author, reason=payload, by=moderator)
        else:
            until = timezone.now() + timedelta(days=3)
            suspend_user(author, until=until, reason=payload, by=moderator)
    Notification.objects.bulk_create(
        Notification(
            recipient=asker,
            kind=NotificationKind.MENTION if index % 2 else NotificationKind.REPLY,
            actor=author,
            thread=corpus_thread,
            post=reply,
        )
        for index, (author, reply) in enumerate(zip(authors, replies, strict=True))
    )
    reason_length = Notification._meta.get_field("detail").max_length
    Notification.objects.bulk_create(
        Notification(
            recipient=asker,
            kind=NotificationKind.MODERATION,
            action="hidden",
            thread=corpus_thread,
            post=reply,
            detail=payload[:reason_length],
        )
        for reply, payload in zip(replies, PAYLOADS, strict=True)
    )
    # The report reads only the daily aggregates, and a query shows once three
    # journeys used it; searching every payload three times in the browser would take
    # minutes, and the page tests already follow one search to the report. Twenty
    # queries a day, the rows one table holds, so each day's report shows them all.
    today = timezone.localdate()
    queries = list(dict.fromkeys(normalise_query(payload) for payload in PAYLOADS))
    DailyQueryStats.objects.bulk_create(
        DailyQueryStats(
            day=today - timedelta(days=index // TABLE_ROWS),
            query=query,
            journeys=3,
            searches=3,
            zero_result_searches=3,
        )
        for index, query in enumerate(queries)
    )

    sign_in(moderator.username, PASSWORD)
    queue_text = " ".join(
        visit(page, f"/moderation/?show=flagged&page={number}")
        for number in pages_of(len(replies), THREADS_PER_PAGE)
    )
    log_text = " ".join(
        visit(page, f"/moderation/log/?page={number}")
        for number in pages_of(len(PAYLOADS), THREADS_PER_PAGE)
    )
    for index, payload in enumerate(PAYLOADS):
        assert as_text(marker(index)) in queue_text
        assert as_text(payload[: Flag.NOTE_MAX_LENGTH]) in queue_text, "note"
        assert as_text(payload) in log_text, "reason"
    for banned_or_suspended, payload in zip(authors[:2], PAYLOADS, strict=False):
        member_page = f"/moderation/members/{banned_or_suspended.username}/"
        assert as_text(payload) in visit(page, member_page)

    switch_user(page, sign_in, asker.username)
    notifications = Notification.objects.filter(recipient=asker).count()
    inbox_text = " ".join(
        visit(page, f"/notifications/?page={number}")
        for number in pages_of(notifications, NOTIFICATIONS_PER_PAGE)
    )
    for payload in PAYLOADS:
        assert as_text(payload[: User.DISPLAY_NAME_MAX_LENGTH]) in inbox_text, "actor"
        assert as_text(payload[:reason_length]) in inbox_text, "reason"

    switch_user(page, sign_in, UserFactory(role=Role.MANAGER).username)
    report_text = ""
    for days_ago in range((len(queries) - 1) // TABLE_ROWS + 1):
        day = today - timedelta(days=days_ago)
        filters = {"period": "custom", "start": day, "end": day}
        report_text += visit(page, f"/reports/deflection/?{urlencode(filters)}")
    for query in queries:
        assert as_text(query) in report_text
