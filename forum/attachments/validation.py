"""What an upload really is, decided by its content and never by its name.

Images are decoded in full and re-encoded, so whatever rode along in the original
(EXIF and GPS tags, colour-profile text, a script appended to a polyglot) is not what
we store. PDFs and text logs are kept byte for byte but only when nothing in them
could make a browser sniff HTML; they are always served as downloads.
"""

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.attachments import conf

IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# Browsers sniff markup from the first bytes of a response; none of these may appear
# near the start of anything we keep as it came.
SNIFF_WINDOW = 1024
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|\?xml|img|object|embed|a\s)",
    re.IGNORECASE,
)
NAME_STEM_MAX = 80
UNSAFE_NAME_CHARS = re.compile(r"[^\w.\- ()]+")
TEXT_EXTENSIONS = {"log", "txt"}


class UploadRefused(ValidationError):
    """An upload we do not store, with a message for the member and a code (and the
    HTTP status the doorways answer with)."""

    def __init__(self, message: str, *, code: str, status: int = 400):
        super().__init__(message, code=code)
        self.status = status


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # "image" or "file"
    name: str  # safe, with the extension of what the content really is
    content_type: str
    content: bytes
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None


def check_upload(*, name: str, content: bytes) -> CheckedFile:
    """Sniff, validate and (for images) re-encode an upload; raises UploadRefused."""
    stem = clean_name_stem(name)
    if not content:
        raise UploadRefused(_("The file is empty."), code="empty")
    if len(content) > conf.max_bytes():
        raise UploadRefused(
            _("The file is larger than %(size)s MB.")
            % {"size": conf.max_bytes() // (1024 * 1024)},
            code="too_large",
            status=413,
        )
    allowed = conf.allowed_kinds()
    if content.startswith(b"%PDF-") and "pdf" in allowed:
        return _checked_pdf(stem, content)
    if _looks_like_image(content) and "image" in allowed:
        return _checked_image(stem, content)
    if "text" in allowed and (text := _as_plain_text(content)) is not None:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else "txt"
        extension = extension if extension in TEXT_EXTENSIONS else "txt"
        return CheckedFile(
            kind="file",
            name=f"{stem}.{extension}",
            content_type="text/plain",
            content=text,
        )
    raise UploadRefused(
        _(
            "This kind of file can't be uploaded. Allowed: images (PNG, JPEG, GIF, "
            "WebP), PDF documents and plain-text logs."
        ),
        code="unsupported_type",
    )


def clean_name_stem(name: str) -> str:
    """The original name without its extension, refused when it tries to be a path
    or hides control characters; anything else unusual becomes a dash."""
    if any(separator in name for separator in ("/", "\\")) or any(
        unicodedata.category(char).startswith("C") for char in name
    ):
        raise UploadRefused(
            _(
                "The file name contains path separators or control characters; "
                "rename the file and try again."
            ),
            code="invalid_name",
        )
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = UNSAFE_NAME_CHARS.sub("-", stem).strip(" .-")[:NAME_STEM_MAX]
    return stem or "upload"


def _looks_like_image(content: bytes) -> bool:
    return content.startswith(
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
    ) or (content[:4] == b"RIFF" and content[8:12] == b"WEBP")


def _sniffs_as_markup(content: bytes) -> bool:
    return bool(MARKUP.search(content[:SNIFF_WINDOW]))


def _as_plain_text(content: bytes) -> bytes | None:
    if b"\x00" in content or _sniffs_as_markup(content):
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return content


def _checked_pdf(stem: str, content: bytes) -> CheckedFile:
    if _sniffs_as_markup(content):
        raise UploadRefused(
            _("This PDF contains markup a browser could run; it can't be uploaded."),
            code="unsupported_type",
        )
    return CheckedFile(
        kind="file",
        name=f"{stem}.pdf",
        content_type="application/pdf",
        content=content,
    )


def _checked_image(stem: str, content: bytes) -> CheckedFile:
    image = _decoded_image(content)
    image = ImageOps.exif_transpose(image)  # turn it upright before the tag goes
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.info = {}  # ICC profile, text chunks, EXIF: nothing is written back
    image.thumbnail((conf.max_edge(), conf.max_edge()), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail(
        (conf.thumbnail_edge(), conf.thumbnail_edge()), Image.Resampling.LANCZOS
    )
    # Transparency (screenshots, diagrams) stays lossless; photos become JPEG.
    image_format, extension = ("PNG", "png") if has_alpha else ("JPEG", "jpg")
    return CheckedFile(
        kind="image",
        name=f"{stem}.{extension}",
        content_type=f"image/{'png' if has_alpha else 'jpeg'}",
        content=encode_image(image, image_format),
        width=image.width,
        height=image.height,
        thumbnail=encode_image(thumbnail, image_format),
    )


def _decoded_image(content: bytes) -> Image.Image:
    """Open and fully decode an image, refusing bombs, huge and broken images."""
    refused = UploadRefused(
        _(
            "The image could not be read: it is damaged, incomplete or not really "
            "an image."
        ),
        code="invalid_image",
    )
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; any bomb is a refusal here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content))
            if image.format not in IMAGE_FORMATS:
                raise refused
            _refuse_too_many_pixels(image.width * image.height)
            image.seek(0)  # an animation keeps only its first frame
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse_too_many_pixels(None)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise refused from None
    return image


def _refuse_too_many_pixels(pixels: int | None) -> None:
    if pixels is None or pixels > conf.max_pixels():
        megapixels = conf.max_pixels() // 1_000_000
        raise UploadRefused(
            _("The image is too large: at most %(count)s megapixels.")
            % {"count": megapixels},
            code="too_many_pixels",
        )


def encode_image(image: Image.Image, image_format: str) -> bytes:
    """The image's pixels in a fresh file, with no metadata at all."""
    output = io.BytesIO()
    if image_format == "JPEG":
        image.save(output, "JPEG", quality=85, optimize=True)
    else:
        image.save(output, image_format, optimize=True)
    return output.getvalue()
