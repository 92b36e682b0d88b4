"""Input checks shared by forms, services and the API; run before any rendering."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from forum import limits
from forum.tags import is_valid_tag, normalise_tag

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Strip surrounding space and control characters (NUL bytes included)."""
    return CONTROL_CHARACTERS.sub("", value or "").strip()


def clean_title(title: str) -> str:
    """A thread title within the limits; raises ValidationError."""
    title = " ".join(clean_text(title).split())
    if len(title) < limits.TITLE_MIN_LENGTH:
        raise ValidationError(
            {
                "title": _(
                    "Give your question a title of at least %(count)s characters."
                )
                % {"count": limits.TITLE_MIN_LENGTH}
            }
        )
    if len(title) > limits.TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("Keep the title under %(count)s characters.")
                % {"count": limits.TITLE_MAX_LENGTH}
            }
        )
    return title


def clean_body(body: str) -> str:
    """A post body within the limits; raises ValidationError."""
    body = clean_text(body)
    if len(body) < limits.BODY_MIN_LENGTH:
        raise ValidationError({"body": _("Write a few words first.")})
    if len(body) > limits.BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _(
                    "Posts are limited to %(limit)s characters; "
                    "this one has %(length)s."
                )
                % {
                    "limit": number_format(limits.BODY_MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(body), force_grouping=True),
                }
            }
        )
    return body


def clean_tags(tags) -> list[str]:
    """Tags from a list or a comma-separated string: in their normal form (see
    forum.tags), unique, within the limits; raises ValidationError."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for tag in tags:
        tag = normalise_tag(tag)
        if not tag or tag in cleaned:
            continue
        if not is_valid_tag(tag):
            raise ValidationError(
                {
                    "tags": _(
                        "“%(tag)s” is not a valid tag: start with a letter or a digit "
                        "(in any alphabet), then use letters, digits, spaces and "
                        "- & + . _ (up to %(count)s characters)."
                    )
                    % {"tag": tag[:40], "count": limits.TAG_MAX_LENGTH}
                }
            )
        cleaned.append(tag)
    if len(cleaned) > limits.TAGS_MAX_COUNT:
        raise ValidationError(
            {
                "tags": _("Use at most %(count)s tags.")
                % {"count": limits.TAGS_MAX_COUNT}
            }
        )
    return cleaned
