"""Every unsafe request without a CSRF token is refused, route by route from the
resolver; the few exemptions authenticate by a token instead of a cookie. And no
GET changes anything but the documented counters."""

import pytest
from django.test import Client

from accounts import services as account_services
from tests.factories import make_case
from tests.security import world as w
from tests.security.routes import fill, routes, values_for
from tests.security.snapshots import changes, snapshot

# Routes Django does not check for a CSRF token, and why that is safe.
DRF_PREFIX = "api/v1/"  # DRF: session-authenticated writes enforce CSRF themselves
TOKEN_EXEMPT = {
    # The helpdesk calls with `Authorization: Token ...`, never with cookies.
    "deflection:helpdesk_tickets",
    # RFC 8058 one-click unsubscribe: the signed token in the address is the
    # credential; mail clients post with no session and no CSRF token.
    "notifications:unsubscribe",
    # The same for the managers' report summaries: the signed link ends one
    # subscription, nothing else.
    "reports:unsubscribe",
    # SAML's HTTP-POST binding (single sign-on): the identity provider's page posts
    # the signed assertion or logout message cross-site, so no CSRF token can exist;
    # the XML signature is the credential. The ACS only parks the request and
    # redirects: the signature and a sign-in pending in this session are checked
    # on the next, same-site step.
    "saml_acs",
    "saml_sls",
    # The care desk's intake (docs/care.md): social listening tools and Mailgun
    # post with no session; the HMAC signature under the connector's secret is the
    # credential, and a session is never read.
    "care:intake",
    # Reply by e-mail (docs/reply-by-email.md): Mailgun posts with no session; its
    # HMAC signature is the credential, and a session is never read.
    "inbound_mail:mailgun",
}
# API routes that are not session writes at all, and why that is safe.
API_TOKEN_ROUTES = {
    # The helpdesk integration's own token authentication; cookies are ignored.
    "api:helpdesk-tickets",
    # Widgets report clicks and "did this help?" anonymously, carrying their journey
    # as a signed token; the journey cookie is SameSite=Lax, so a cross-site form
    # cannot reach it, and nothing a member owns can change through this route.
    "api:events",
}

ALL_ROUTES = routes()
SITE_ROUTES = [r for r in ALL_ROUTES if not r[0].startswith("admin/")]
ADMIN_ROUTES = [r for r in ALL_ROUTES if r[0].startswith("admin/")]


def _route_id(route) -> str:
    return route[1] or route[0]


def _build_world():
    world = w.build_world()
    world.token, world.secret = account_services.create_api_token(
        world.replier, name="cli"
    )
    world.notification = w.notify(world.asker, world.reply)
    world.case = make_case()  # a care case, so the desk's routes find one
    return world


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    with w.built_once(django_db_blocker, _build_world) as world:
        yield world


@pytest.fixture
def world(db, shared_world):
    return w.reloaded(shared_world)


def _clients(world):
    anonymous = Client(enforce_csrf_checks=True)
    member = Client(enforce_csrf_checks=True)
    member.force_login(world.users[w.MODERATOR])
    return {"anonymous": anonymous, "member": member}


def test_the_exempt_routes_are_exactly_the_documented_ones():
    exempt = {
        name
        for route, name, callback in ALL_ROUTES
        if getattr(callback, "csrf_exempt", False)
        and not route.startswith(DRF_PREFIX)
        and not route.startswith("admin/")
    }
    assert exempt == TOKEN_EXEMPT


def _assert_refused(route, name, response, who):
    if name == "saml_acs":
        assert response.status_code == 302, (route, who)
        assert "/acs/finish/" in response["Location"]
    elif name == "saml_sls":
        # No such provider here (404), or no valid logout message (400).
        assert response.status_code in (400, 404), (route, who)
    elif name == "care:intake":
        # No connector of that slug (404), or unsigned (401).
        assert response.status_code in (401, 404), (route, who)
    elif name == "inbound_mail:mailgun":
        # Reply by e-mail switched off (404), or unsigned (401).
        assert response.status_code in (401, 404), (route, who)
    elif name in TOKEN_EXEMPT or name in API_TOKEN_ROUTES:
        # Without the token these refuse whoever is signed in.
        assert response.status_code in (400, 401, 403, 405, 415), (route, who)
    elif route.startswith(DRF_PREFIX):
        expected = (401, 403, 405) if who == "anonymous" else (403, 405)
        assert response.status_code in expected, (route, who, response.content)
    else:
        assert response.status_code == 403, (route, who, response.status_code)


def _post_everything(world, selected):
    values = values_for(world) | {"token": "forged-token"}
    before = snapshot()
    for route, name, _ in selected:
        url = fill(route, values)
        for who, client in _clients(world).items():
            methods = ["post"]
            if route.startswith(DRF_PREFIX):
                methods += ["put", "patch", "delete"]
            for method in methods:
                response = getattr(client, method)(url, {"name": "x", "body": "x"})
                _assert_refused(route, name, response, who)
    assert changes(before, snapshot()) == {}


@pytest.mark.parametrize("route", SITE_ROUTES, ids=_route_id)
def test_unsafe_requests_without_a_csrf_token_are_refused(world, route):
    _post_everything(world, [route])


def test_admin_posts_without_a_csrf_token_are_refused(world):
    _post_everything(world, ADMIN_ROUTES)


def test_the_api_accepts_token_authentication_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/threads/{world.question.pk}/follow/",
        HTTP_AUTHORIZATION=f"Token {world.secret}",
    )
    assert response.status_code == 200


def test_the_api_refuses_a_session_write_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.replier)
    response = client.post(f"/api/v1/threads/{world.question.pk}/follow/")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- GET changes nothing ------------------------------------------------------------

# What a GET may change, and why: counters and logs that are the point of the page.
GET_COUNTERS = (
    "forum.Thread.view_count",  # the thread page counts its views
    "deflection.Journey",  # searches, clicks and thread views are logged
    "deflection.JourneyEvent",
)
# Opening a notification (its e-mail link) marks it read, like any mail client.
GET_MARKS_READ = {"notifications:open": ("notifications.Notification.read_at",)}


@pytest.mark.parametrize("route", SITE_ROUTES, ids=_route_id)
def test_no_get_changes_state(world, route):
    path, name, _ = route
    url = fill(path, values_for(world))
    ignore = GET_COUNTERS + GET_MARKS_READ.get(name, ())
    for who, client in _clients(world).items():
        before = snapshot(ignore=ignore)
        response = client.get(url)
        assert response.status_code < 500, (url, who)
        assert changes(before, snapshot(ignore=ignore)) == {}, (url, who)


def test_no_admin_get_changes_state(world):
    values = values_for(world)
    for who, client in _clients(world).items():
        before = snapshot()
        for path, _, _ in ADMIN_ROUTES:
            assert client.get(fill(path, values)).status_code < 500
        assert changes(before, snapshot()) == {}, who
