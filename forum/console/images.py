"""Uploaded logos and favicons: decoded with Pillow before anything is stored, so a
file is accepted for what it is, never for its name or declared type."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class ImageRule:
    formats: frozenset[str]
    max_bytes: int
    max_width: int
    max_height: int
    min_side: int = 16


# SVG is never among them: an SVG is a document that can carry script.
LOGO = ImageRule(frozenset({"PNG", "JPEG", "WEBP"}), 1024 * 1024, 2000, 1000)
FAVICON = ImageRule(frozenset({"PNG", "ICO", "WEBP"}), 256 * 1024, 512, 512)
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "ICO": "ico"}


def checked_image(uploaded, *, rule: ImageRule) -> tuple[bytes, str]:
    """The upload's bytes and the extension of the format Pillow decoded it as.
    Raises ValidationError, saying why, for anything else: not an image, an SVG,
    a format not allowed here, too large in bytes or pixels, or damaged."""
    data = uploaded.read(rule.max_bytes + 1)
    if len(data) > rule.max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s KB; please upload a smaller one.")
            % {"size": rule.max_bytes // 1024}
        )
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:512]:
        raise ValidationError(
            _(
                "SVG files are not accepted (an SVG can carry script); "
                "please upload a PNG, JPEG or WebP."
            )
        )
    allowed = ", ".join(sorted(rule.formats))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image we can read; please upload %(allowed)s.")
            % {"allowed": allowed}
        ) from error
    except Image.DecompressionBombError as error:
        raise ValidationError(_("The image has far too many pixels.")) from error
    if image_format not in rule.formats:
        raise ValidationError(
            _(
                "%(image_format)s images are not accepted here; please upload "
                "%(allowed)s."
            )
            % {"image_format": image_format, "allowed": allowed}
        )
    if width > rule.max_width or height > rule.max_height:
        raise ValidationError(
            _(
                "The image is %(width)s×%(height)s pixels; at most "
                "%(max_width)s×%(max_height)s is accepted."
            )
            % {
                "width": width,
                "height": height,
                "max_width": rule.max_width,
                "max_height": rule.max_height,
            }
        )
    if min(width, height) < rule.min_side:
        raise ValidationError(
            _(
                "The image is %(width)s×%(height)s pixels; at least %(min_side)s "
                "pixels on each side is needed."
            )
            % {"width": width, "height": height, "min_side": rule.min_side}
        )
    return data, EXTENSIONS[image_format]
