"""Every bad file the issue lists is refused with a clear message; good ones come
back re-encoded and clean."""

import io
import zlib

import pytest
from PIL import Image

from forum.attachments.validation import UploadRefused, check_upload
from tests.attachments.conftest import image_bytes, photo_with_gps


def refused_code(name: str, content: bytes) -> str:
    with pytest.raises(UploadRefused) as refusal:
        check_upload(name=name, content=content)
    assert refusal.value.message  # a sentence for the member, never empty
    return refusal.value.code


def test_a_png_is_reencoded_and_named_after_what_it_is():
    checked = check_upload(name="modem lights.jpeg", content=image_bytes())

    assert checked.kind == "image"
    assert checked.name == "modem lights.jpg"
    assert checked.content_type == "image/jpeg"
    assert (checked.width, checked.height) == (64, 48)
    assert Image.open(io.BytesIO(checked.thumbnail)).size == (64, 48)


def test_an_image_with_transparency_stays_a_png():
    checked = check_upload(name="screen.png", content=image_bytes(mode="RGBA"))

    assert checked.name == "screen.png"
    assert Image.open(io.BytesIO(checked.content)).mode == "RGBA"


def test_exif_and_gps_are_dropped_after_turning_the_photo_upright():
    checked = check_upload(name="photo.jpg", content=photo_with_gps())

    stored = Image.open(io.BytesIO(checked.content))
    assert stored.getexif() == {}
    assert "exif" not in stored.info
    assert b"Phone camera" not in checked.content
    assert stored.size == (40, 80)  # the orientation tag was applied first


def test_a_large_image_is_resized_to_the_longest_edge_and_a_thumbnail(settings):
    settings.ATTACHMENT_IMAGE_MAX_EDGE = 100
    settings.ATTACHMENT_THUMBNAIL_EDGE = 20

    checked = check_upload(name="big.png", content=image_bytes((400, 200)))

    assert (checked.width, checked.height) == (100, 50)
    assert Image.open(io.BytesIO(checked.thumbnail)).size == (20, 10)


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("bin.png", bytes(range(256)) * 4),
    ],
)
def test_markup_or_unknown_content_renamed_as_an_image_is_refused(name, content):
    assert refused_code(name, content) == "unsupported_type"


def test_a_polyglot_gif_with_a_script_is_refused_or_stripped():
    polyglot = b"GIF89a/*\x01\x00\x01\x00*/=1;alert(1)//<script>x</script>"

    assert refused_code("cat.gif", polyglot) == "invalid_image"


def test_a_png_with_html_appended_keeps_only_its_pixels():
    polyglot = image_bytes() + b"<html><script>alert(1)</script></html>"

    checked = check_upload(name="poly.png", content=polyglot)

    assert b"<script>" not in checked.content


def test_a_truncated_image_is_refused():
    whole = image_bytes((300, 300), image_format="JPEG")

    assert refused_code("cut.jpg", whole[: len(whole) // 2]) == "invalid_image"


def test_an_image_over_the_pixel_limit_is_refused_before_decoding(settings):
    settings.ATTACHMENT_MAX_PIXELS = 40_000_000
    header_only = _png_header(10_000, 5_000)  # 50 megapixels, never decoded

    assert refused_code("huge.png", header_only) == "too_many_pixels"


def test_a_decompression_bomb_is_refused():
    # A 20,000 x 20,000 PNG of zeros compresses to a few hundred kilobytes.
    bomb = _png_header(20_000, 20_000, body=True)

    assert refused_code("bomb.png", bomb) == "too_many_pixels"


def test_pillows_own_bomb_warning_becomes_a_refusal(settings, monkeypatch):
    settings.ATTACHMENT_MAX_PIXELS = 10**12  # only Pillow's guard is left
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    assert refused_code("warn.png", image_bytes((40, 40))) == "too_many_pixels"


def test_an_empty_file_is_refused():
    assert refused_code("empty.png", b"") == "empty"


def test_a_file_over_the_size_limit_is_refused_with_413(settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(UploadRefused) as refusal:
        check_upload(name="a.log", content=b"x" * 101)
    assert (refusal.value.code, refusal.value.status) == ("too_large", 413)


@pytest.mark.parametrize(
    "name", ["..\\..\\evil.png", "a/b.png", "bad\x00name.png", "new\nline.png"]
)
def test_names_with_path_separators_or_control_characters_are_refused(name):
    assert refused_code(name, image_bytes()) == "invalid_name"


def test_odd_characters_in_a_name_become_dashes():
    checked = check_upload(name='<b>"quote" &amp; co.png', content=image_bytes())

    assert checked.name == "b-quote- -amp- co.jpg"


def test_a_pdf_is_kept_as_a_download():
    checked = check_upload(name="bill.exe", content=b"%PDF-1.7\n1 0 obj\n<<>>\n")

    assert (checked.kind, checked.name) == ("file", "bill.pdf")
    assert checked.content_type == "application/pdf"


def test_a_pdf_that_sniffs_as_html_is_refused():
    content = b"%PDF-1.7\n<html><script>alert(1)</script>"

    assert refused_code("x.pdf", content) == "unsupported_type"


def test_a_utf8_log_is_kept_as_text():
    checked = check_upload(name="router.log", content="DSL sync: 52 Mbps ✓\n".encode())

    assert (checked.kind, checked.name, checked.content_type) == (
        "file",
        "router.log",
        "text/plain",
    )


@pytest.mark.parametrize(
    "content", [b"abc\x00def", "café".encode("latin-1"), b"<html><body>x</body>"]
)
def test_text_with_nul_bytes_bad_encoding_or_markup_is_refused(content):
    assert refused_code("router.log", content) == "unsupported_type"


def test_a_kind_switched_off_in_settings_is_refused(settings):
    settings.ATTACHMENT_ALLOWED_KINDS = ["image"]

    assert refused_code("bill.pdf", b"%PDF-1.7\n") == "unsupported_type"


def _png_header(width: int, height: int, *, body: bool = False) -> bytes:
    """A PNG claiming the given size; with ``body``, zeros for every row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data).to_bytes(4, "big")
        return len(data).to_bytes(4, "big") + kind + data + crc

    header = (
        width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x00\x00\x00\x00"
    )
    data = b""
    if body:
        compressor = zlib.compressobj(9)
        row = b"\x00" * (width + 1)
        data = b"".join(compressor.compress(row) for _ in range(height))
        data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )
