"""Writing the site settings row (and the cost of a contact, which the deflection
module keeps in its own row)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import caching, permissions
from forum.console import colours, conf, images
from forum.console.models import SiteSettings
from forum.deflection.models import DeflectionSettings
from forum.deflection.services.tickets import update_deflection_settings
from forum.moderation.audit import record
from forum.moderation.models import AuditAction

BRANDING_FIELDS = (
    "site_name",
    "brand_colour",
    "link_colour",
    "home_message",
    "first_response_target_minutes",
    "article_review_days",
)
MODERATION_FIELDS = (
    "moderation_flags_to_hide",
    "moderation_approval_account_days",
    "moderation_approval_first_posts",
    "moderation_new_account_max_links",
)


def _locked_row() -> SiteSettings:
    SiteSettings.objects.get_or_create(pk=1)
    return SiteSettings.objects.select_for_update().get(pk=1)


def _state(row: SiteSettings, names) -> dict:
    state = {name: getattr(row, name) for name in names}
    for name in ("logo", "favicon"):
        if name in state:
            state[name] = state[name].name or ""
    return state


def check_colours(*, brand_colour: str, link_colour: str) -> None:
    """Raises ValidationError, per field, for a colour that is not #rrggbb or that
    what is drawn with it could not be read on (WCAG AA, 4.5:1)."""
    errors = {}
    for name, value in (("brand_colour", brand_colour), ("link_colour", link_colour)):
        if value:
            try:
                colours.HEX_COLOUR(value)
            except ValidationError as error:
                errors[name] = error.messages
    unreadable_brand = (
        brand_colour
        and "brand_colour" not in errors
        and colours.text_on(brand_colour) is None
    )
    if unreadable_brand:
        best = max(
            colours.contrast_ratio(text, brand_colour)
            for text in (colours.WHITE, colours.NEAR_BLACK)
        )
        errors["brand_colour"] = [
            _(
                "Neither white nor black text can be read on %(colour)s (best "
                "contrast %(ratio)s:1; at least 4.5:1 is needed). Choose a darker "
                "or lighter colour."
            )
            % {"colour": brand_colour, "ratio": f"{best:.2f}"}
        ]
    if link_colour and "link_colour" not in errors:
        ratio = colours.link_contrast_on_light(link_colour)
        if ratio < colours.MINIMUM_CONTRAST:
            errors["link_colour"] = [
                _(
                    "Links in %(colour)s would be hard to read on the page's "
                    "background (contrast %(ratio)s:1; at least 4.5:1 is needed). "
                    "Choose a darker colour."
                )
                % {"colour": link_colour, "ratio": f"{ratio:.2f}"}
            ]
    if errors:
        raise ValidationError(errors)


def _store_image(uploaded, *, kind: str, rule: images.ImageRule) -> str:
    data, extension = images.checked_image(uploaded, rule=rule)
    # A new name per upload: the old file may still be in a browser's or CDN's
    # cache under its address, and the name never comes from the uploader.
    name = f"site/{kind}-{secrets.token_hex(8)}.{extension}"
    return default_storage.save(name, ContentFile(data))


def update_site_settings(
    *,
    by,
    values: dict,
    featured_boards=None,
    logo=None,
    favicon=None,
    remove_logo: bool = False,
    remove_favicon: bool = False,
    cost_per_contact: Decimal | None = None,
    currency: str | None = None,
) -> SiteSettings:
    """Change the look, home page, response target and cost of a contact; audited.
    ``values`` holds BRANDING_FIELDS (empty: the environment's value). Raises
    PermissionDenied, or ValidationError (per field) leaving everything as it was."""
    if not permissions.can_edit_site_settings(by):
        raise PermissionDenied
    unknown = set(values) - set(BRANDING_FIELDS)
    if unknown:
        raise ValueError(f"Not branding settings: {sorted(unknown)}")
    if "site_name" in values and not (values["site_name"] or "").strip():
        raise ValidationError({"site_name": [_("The site needs a name.")]})
    if cost_per_contact is not None and cost_per_contact < 0:
        raise ValidationError(
            {"cost_per_contact": [_("The cost of a contact cannot be below zero.")]}
        )
    current = conf.snapshot()
    check_colours(
        brand_colour=values.get("brand_colour", current.brand_colour),
        link_colour=values.get("link_colour", current.link_colour),
    )
    errors = {}
    stored = {}
    for kind, uploaded, rule in (
        ("logo", logo, images.LOGO),
        ("favicon", favicon, images.FAVICON),
    ):
        if uploaded is not None:
            try:
                stored[kind] = _store_image(uploaded, kind=kind, rule=rule)
            except ValidationError as error:
                errors[kind] = error.messages
    if errors:
        for name in stored.values():
            default_storage.delete(name)
        raise ValidationError(errors)
    try:
        return _write_site_settings(
            by=by,
            values=values,
            stored=stored,
            featured_boards=featured_boards,
            remove_logo=remove_logo,
            remove_favicon=remove_favicon,
            cost_per_contact=cost_per_contact,
            currency=currency,
        )
    except Exception:
        # Nothing refers to the new files: the transaction was rolled back.
        for name in stored.values():
            default_storage.delete(name)
        raise


def _write_site_settings(
    *,
    by,
    values,
    stored,
    featured_boards,
    remove_logo,
    remove_favicon,
    cost_per_contact,
    currency,
) -> SiteSettings:
    with transaction.atomic():
        row = _locked_row()
        tracked = [*values, "logo", "favicon", "featured_boards"]
        before = _state(row, [n for n in tracked if n != "featured_boards"])
        before["featured_boards"] = sorted(
            row.featured_boards.values_list("pk", flat=True)
        )
        for name, value in values.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        for kind in ("logo", "favicon"):
            if kind in stored:
                setattr(row, kind, stored[kind])
        if remove_logo and "logo" not in stored:
            row.logo = ""
        if remove_favicon and "favicon" not in stored:
            row.favicon = ""
        row.full_clean(exclude=["featured_boards"])
        _save(row, by=by)
        if featured_boards is not None:
            row.featured_boards.set(featured_boards)
        after = _state(row, [n for n in tracked if n != "featured_boards"])
        after["featured_boards"] = sorted(
            row.featured_boards.values_list("pk", flat=True)
        )
        if cost_per_contact is not None or currency is not None:
            _update_cost(cost_per_contact, currency, by=by, before=before, after=after)
        changed_before = {k: v for k, v in before.items() if after.get(k) != v}
        changed_after = {k: after[k] for k in changed_before}
        if changed_before:
            record(
                AuditAction.CHANGE_SITE_SETTINGS,
                actor=by,
                target=row,
                before=changed_before,
                after=changed_after,
            )
    return row


def _update_cost(cost, currency, *, by, before: dict, after: dict) -> None:
    current = DeflectionSettings.load()
    before["cost_per_contact"] = str(current.cost_per_contact)
    before["currency"] = current.currency
    updated = update_deflection_settings(
        cost_per_contact=current.cost_per_contact if cost is None else cost,
        currency=currency or current.currency,
        by=by,
    )
    after["cost_per_contact"] = str(updated.cost_per_contact)
    after["currency"] = updated.currency


def update_moderation_thresholds(*, by, values: dict) -> SiteSettings:
    """Change the moderation thresholds (None: the environment's value); audited.
    Raises PermissionDenied, or ValidationError leaving everything as it was."""
    if not permissions.can_edit_moderation_thresholds(by):
        raise PermissionDenied
    unknown = set(values) - set(MODERATION_FIELDS)
    if unknown:
        raise ValueError(f"Not moderation thresholds: {sorted(unknown)}")
    with transaction.atomic():
        row = _locked_row()
        before = _state(row, values)
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean(exclude=["featured_boards"])
        _save(row, by=by)
        after = _state(row, values)
        changed = [name for name in values if before[name] != after[name]]
        if changed:
            record(
                AuditAction.CHANGE_SITE_SETTINGS,
                actor=by,
                target=row,
                before={name: before[name] for name in changed},
                after={name: after[name] for name in changed},
            )
    return row


def _save(row: SiteSettings, *, by) -> None:
    row.version = secrets.token_hex(4)
    row.updated_at = timezone.now()
    row.updated_by = by
    row.save()
    # Settings reach every page (the name, logo, colours) and cached pages too.
    conf.forget()
    caching.forget_site()
