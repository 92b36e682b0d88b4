"""Small real images (and things that pretend to be) for the upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(image_format: str = "PNG", size=(120, 40), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name: str = "logo.png", data: bytes | None = None, content_type="image/png"):
    return SimpleUploadedFile(
        name, image_bytes() if data is None else data, content_type=content_type
    )
