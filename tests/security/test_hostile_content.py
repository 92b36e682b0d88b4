"""Hostile Markdown and HTML: every payload renders to HTML that can run nothing,
and every page showing user-written text escapes it."""

import pytest
from django.test import Client

from forum.markdown import render_markdown
from tests.html_safety import unsafe_parts
from tests.security import hostile
from tests.security.xss_corpus import PAYLOADS, SHORT_PAYLOADS


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_post_body_renders_to_harmless_html(db, payload):
    html = render_markdown(payload)
    assert unsafe_parts(html) == []


def test_the_whole_corpus_in_one_body_renders_to_harmless_html(db):
    assert unsafe_parts(render_markdown("\n\n".join(PAYLOADS))) == []


CHUNK = 20
CHUNKS = [SHORT_PAYLOADS[i : i + CHUNK] for i in range(0, len(SHORT_PAYLOADS), CHUNK)]


@pytest.mark.parametrize("chunk", CHUNKS, ids=lambda c: f"from-{c[0][:12]!r}")
def test_pages_escape_hostile_titles_names_bios_notes_and_reasons(db, chunk):
    """The same pages with benign and with hostile text must hold exactly the same
    tags, handlers and URL schemes: the text adds nothing that could run."""
    community = hostile.build(CHUNK)
    pages = hostile.pages(community)
    benign = {
        url: hostile.problems(hostile.fetch(viewer, url)) for viewer, url in pages
    }
    hostile.make_hostile(community, chunk)
    for viewer, url in pages:
        assert hostile.problems(hostile.fetch(viewer, url)) == benign[url], url


@pytest.mark.parametrize("chunk", CHUNKS[:3], ids=lambda c: f"from-{c[0][:12]!r}")
def test_hostile_search_queries_are_escaped_on_search_and_report_pages(db, chunk):
    from datetime import timedelta

    from django.utils import timezone

    from forum.deflection.services.aggregation import build_deflection_stats

    community = hostile.build(2)
    baseline = hostile.problems(hostile.fetch(None, "/search/?q=benign"))
    for payload in chunk:
        for _ in range(3):  # reports show a query once three journeys used it
            html = Client().get("/search/", {"q": payload}).content.decode()
            assert hostile.problems(html) - baseline == {}, payload
            assert not (hostile.problems(html) - baseline)
    report_before = hostile.problems(
        hostile.fetch(community["manager"], "/reports/deflection/")
    )
    build_deflection_stats(now=timezone.now() + timedelta(hours=2), full=True)
    html = hostile.fetch(community["manager"], "/reports/deflection/")
    assert hostile.problems(html) == report_before
