"""The site settings services: what they change, what they refuse (changing
nothing), who may call them, and how their values reach the rest of the site."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.console import conf, services
from forum.console.models import SiteSettings
from forum.deflection import conf as deflection_conf
from forum.deflection.models import DeflectionSettings
from forum.moderation import selectors as moderation_selectors
from forum.moderation.models import AuditAction, AuditEntry, AuditTarget
from tests.console.images import image_bytes, upload
from tests.security.snapshots import changes, snapshot

pytestmark = pytest.mark.django_db


def _save(by, **values):
    return services.update_site_settings(by=by, values=values)


def test_a_manager_renames_the_site_and_the_change_is_audited(manager):
    _save(manager, site_name="Help from customers")

    assert conf.site_name() == "Help from customers"
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE_SITE_SETTINGS)
    assert entry.actor == manager
    assert entry.target_type == AuditTarget.SITE_SETTINGS
    assert entry.before == {"site_name": ""}
    assert entry.after == {"site_name": "Help from customers"}


def test_an_empty_field_means_the_environments_value(manager, settings):
    settings.SITE_NAME = "From the environment"
    settings.FIRST_RESPONSE_TARGET_MINUTES = 45

    assert conf.site_name() == "From the environment"
    assert conf.first_response_target_minutes() == 45
    _save(manager, first_response_target_minutes=30)
    assert conf.first_response_target_minutes() == 30
    _save(manager, first_response_target_minutes=None)
    assert conf.first_response_target_minutes() == 45


def test_the_response_target_reaches_the_report_and_the_moderation_queues(manager):
    _save(manager, first_response_target_minutes=25)

    assert deflection_conf.first_response_target() == timedelta(minutes=25)
    assert moderation_selectors.response_target_minutes() == 25


def test_the_cost_of_a_contact_is_saved_in_the_deflection_settings_and_audited(
    manager,
):
    services.update_site_settings(
        by=manager, values={}, cost_per_contact=Decimal("8.40"), currency="eur"
    )

    current = DeflectionSettings.load()
    assert (current.cost_per_contact, current.currency) == (Decimal("8.40"), "EUR")
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE_SITE_SETTINGS)
    assert entry.after == {"cost_per_contact": "8.40", "currency": "EUR"}
    assert not SiteSettings._meta.get_field("site_name").null  # stored once only


def test_reading_the_settings_costs_no_query_once_cached(manager):
    _save(manager, site_name="Cached", first_response_target_minutes=20)
    conf.snapshot()

    with CaptureQueriesContext(connection) as captured:
        for _ in range(5):
            conf.site_name()
            conf.first_response_target_minutes()
            conf.moderation_flags_to_hide()
            conf.branding()
    assert len(captured) == 0


def test_a_save_retires_the_cached_settings_at_once(manager):
    _save(manager, site_name="Before")
    assert conf.site_name() == "Before"
    _save(manager, site_name="After")
    assert conf.site_name() == "After"


def test_a_save_changes_the_version_in_the_brand_addresses(manager):
    before = conf.branding()["BRAND_CSS_URL"]
    _save(manager, brand_colour="#0b5cad")
    assert conf.branding()["BRAND_CSS_URL"] != before


def test_an_administrator_changes_the_moderation_thresholds(administrator, settings):
    settings.MODERATION_FLAGS_TO_HIDE = 3
    services.update_moderation_thresholds(
        by=administrator, values={"moderation_flags_to_hide": 5}
    )
    assert conf.moderation_flags_to_hide() == 5
    assert AuditEntry.objects.get().after == {"moderation_flags_to_hide": 5}


def test_a_manager_may_not_change_the_moderation_thresholds(manager):
    with pytest.raises(PermissionDenied):
        services.update_moderation_thresholds(
            by=manager, values={"moderation_flags_to_hide": 5}
        )


@pytest.mark.parametrize("role", ["customer", "moderator"])
def test_only_managers_and_administrators_change_the_site_settings(request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        _save(user, site_name="Mine now")
    assert not SiteSettings.objects.exists()


def test_an_administrator_may_change_the_site_settings(administrator):
    _save(administrator, site_name="Run by the admin")
    assert conf.site_name() == "Run by the admin"


# --- bad input: refused with a clear message, nothing changed --------------------


def _refused(call) -> ValidationError:
    _ensure_row()
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        call()
    assert changes(before, snapshot()) == {}
    return refused.value


def _ensure_row():
    DeflectionSettings.load()
    SiteSettings.objects.get_or_create(pk=1)


def test_an_unreadable_brand_colour_is_refused(manager):
    error = _refused(lambda: _save(manager, brand_colour="#5a7cac"))
    assert "4.5:1" in error.message_dict["brand_colour"][0]


def test_a_link_colour_unreadable_on_the_light_background_is_refused(manager):
    error = _refused(lambda: _save(manager, link_colour="#ffd200"))
    assert "hard to read" in error.message_dict["link_colour"][0]


def test_a_colour_that_is_not_hex_is_refused(manager):
    error = _refused(lambda: _save(manager, brand_colour="blue"))
    assert "#1a2b3c" in error.message_dict["brand_colour"][0]


def test_an_empty_site_name_is_refused(manager):
    error = _refused(lambda: _save(manager, site_name="   "))
    assert error.message_dict["site_name"] == ["The site needs a name."]


def test_a_cost_below_zero_is_refused(manager):
    error = _refused(
        lambda: services.update_site_settings(
            by=manager, values={}, cost_per_contact=Decimal("-1"), currency="AUD"
        )
    )
    assert "below zero" in error.message_dict["cost_per_contact"][0]


def test_a_response_target_of_zero_minutes_is_refused(manager):
    error = _refused(lambda: _save(manager, first_response_target_minutes=0))
    assert "first_response_target_minutes" in error.message_dict


def test_a_text_file_renamed_as_an_image_is_refused(manager):
    fake = upload("logo.png", b"just some text, not a picture\n" * 5)
    error = _refused(
        lambda: services.update_site_settings(by=manager, values={}, logo=fake)
    )
    assert "not an image" in error.message_dict["logo"][0]


def test_an_svg_logo_is_refused(manager):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    error = _refused(
        lambda: services.update_site_settings(
            by=manager, values={}, logo=upload("logo.svg", svg, "image/svg+xml")
        )
    )
    assert "SVG" in error.message_dict["logo"][0]


def test_an_oversized_image_is_refused(manager):
    big = upload("logo.png", image_bytes(size=(2400, 300)))
    error = _refused(
        lambda: services.update_site_settings(by=manager, values={}, logo=big)
    )
    assert "2400×300" in error.message_dict["logo"][0]


def test_an_image_too_large_in_bytes_is_refused(manager):
    heavy = upload("logo.png", image_bytes() + b"\0" * (1024 * 1024))
    error = _refused(
        lambda: services.update_site_settings(by=manager, values={}, logo=heavy)
    )
    assert "larger than" in error.message_dict["logo"][0]


def test_a_jpeg_favicon_is_refused(manager):
    jpeg = upload("icon.ico", image_bytes("JPEG", size=(32, 32)), "image/x-icon")
    error = _refused(
        lambda: services.update_site_settings(by=manager, values={}, favicon=jpeg)
    )
    assert "JPEG images are not accepted" in error.message_dict["favicon"][0]


def test_a_logo_is_stored_under_a_name_of_our_own(manager):
    services.update_site_settings(
        by=manager, values={}, logo=upload("../../evil name.png")
    )
    stored = SiteSettings.objects.get().logo.name
    assert stored.startswith("site/logo-")
    assert stored.endswith(".png")
    assert conf.branding()["SITE_LOGO_URL"].startswith("/manage/brand/logo?v=")


def test_an_ico_favicon_is_accepted(manager):
    services.update_site_settings(
        by=manager,
        values={},
        favicon=upload("f.ico", image_bytes("ICO", size=(32, 32)), "image/x-icon"),
    )
    assert SiteSettings.objects.get().favicon.name.endswith(".ico")


def test_a_page_fetches_the_settings_from_the_cache_once(client, manager, monkeypatch):
    fetched = []
    shared = conf._shared_snapshot

    def counting():
        fetched.append(1)
        return shared()

    monkeypatch.setattr(conf, "_shared_snapshot", counting)
    client.force_login(manager)

    assert client.get("/manage/").status_code == 200
    assert len(fetched) == 1  # name, logo, colours, target, thresholds: one read


def test_a_change_within_a_request_is_read_back_at_once(manager):
    with conf.read_once_per_request():
        assert conf.site_name() == "Crowd support"
        services.update_site_settings(by=manager, values={"site_name": "Help desk"})

        assert conf.site_name() == "Help desk"
