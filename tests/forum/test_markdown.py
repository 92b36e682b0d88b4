import pytest

from forum.markdown import render_markdown, render_post
from tests.factories import UserFactory
from tests.html_safety import unsafe_parts


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="javascript:alert(1)">x</a>',
        "![x](javascript:alert(1))",
        '![x" onerror="alert(1)](https://example.com/a.png)',
        "<svg onload=alert(1)>",
        "<iframe src=//evil.example></iframe>",
        "<!-- <script> -->alert(1)",
        "[x](vbscript:msgbox(1))",
        '<div style="background:url(javascript:alert(1))">x</div>',
    ],
)
def test_no_script_survives_rendering(source):
    assert unsafe_parts(render_markdown(source)) == []


def test_common_markdown_renders():
    html = render_markdown("**bold** and `code`\n\n```\nline\n```\n\n- a\n- b")

    assert "<strong>bold</strong>" in html
    assert "<code>code</code>" in html
    assert "<pre><code>line\n</code></pre>" in html
    assert "<li>a</li>" in html


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[help](https://example.com/help)")

    assert 'href="https://example.com/help"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_images_from_other_sites_become_links():
    html = render_markdown("![router](https://cdn.example.com/router.png)")

    assert "<img" not in html
    assert 'href="https://cdn.example.com/router.png"' in html
    assert "Image: router" in html


def test_images_on_this_site_are_shown():
    html = render_markdown("![router](/static/router.png)")

    assert '<img src="/static/router.png" alt="router">' in html


@pytest.mark.django_db
def test_mentions_of_members_link_to_their_profile():
    UserFactory(username="carla")

    rendered = render_post("Thanks @carla, and hi @nobody-here.")

    assert '<a href="/u/carla/" class="mention"' in rendered.html
    assert "@nobody-here" in rendered.html
    assert "/u/nobody-here/" not in rendered.html
    assert [member.username for member in rendered.mentioned] == ["carla"]


@pytest.mark.django_db
def test_email_addresses_are_not_mentions():
    UserFactory(username="carla")

    rendered = render_post("write to me@carla.com")

    assert "/u/carla/" not in rendered.html
    assert rendered.mentioned == ()


def test_the_safety_check_itself_catches_script():
    assert unsafe_parts('<a href="javascript:x">a</a><img src=x onerror=y>') == [
        "a[href='javascript:x']",
        "img[onerror]",
    ]


@pytest.mark.parametrize(
    ("source", "link"),
    [
        (
            "see https://status.example.com/nbn?area=2000 now",
            "https://status.example.com/nbn?area=2000",
        ),
        ("HTTP://EXAMPLE.COM/A", "HTTP://EXAMPLE.COM/A"),
        ("(https://example.com/b)", "https://example.com/b"),
    ],
)
def test_bare_web_addresses_become_links(source, link):
    html = render_markdown(source)
    assert f'<a href="{link}" rel="nofollow ugc noopener">' in html


@pytest.mark.parametrize(
    "source",
    [
        "`https://example.com/in-code`",
        "    https://example.com/in-a-code-block",
        "mail carla@example.com",
        "open readme.md or telstra.com",
        "ftp://files.example.com/x",
        "//evil.example/x",
        "javascript:alert(1)",
    ],
)
def test_only_bare_web_addresses_outside_code_become_links(source):
    assert "<a " not in render_markdown(source)
