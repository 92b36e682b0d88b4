"""Input checks shared by forms, services and the API; run before any rendering."""

import re

from django.core.exceptions import ValidationError

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
                "title": f"Give your question a title of at least "
                f"{limits.TITLE_MIN_LENGTH} characters."
            }
        )
    if len(title) > limits.TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": f"Keep the title under {limits.TITLE_MAX_LENGTH} characters."}
        )
    return title


def clean_body(body: str) -> str:
    """A post body within the limits; raises ValidationError."""
    body = clean_text(body)
    if len(body) < limits.BODY_MIN_LENGTH:
        raise ValidationError({"body": "Write a few words first."})
    if len(body) > limits.BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": f"Posts are limited to {limits.BODY_MAX_LENGTH:,} characters; "
                f"this one has {len(body):,}."
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
                    "tags": f"“{tag[:40]}” is not a valid tag: start with a letter "
                    "or a digit (in any alphabet), then use letters, digits, spaces "
                    f"and - & + . _ (up to {limits.TAG_MAX_LENGTH} characters)."
                }
            )
        cleaned.append(tag)
    if len(cleaned) > limits.TAGS_MAX_COUNT:
        raise ValidationError({"tags": f"Use at most {limits.TAGS_MAX_COUNT} tags."})
    return cleaned
