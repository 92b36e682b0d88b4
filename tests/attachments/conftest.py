import io

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores its files in a folder of its own, on the local storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENT_SIGNED_URLS = False
    return settings.MEDIA_ROOT


def image_bytes(
    size=(64, 48), *, image_format="PNG", mode="RGB", exif=None, **save
) -> bytes:
    """A real image of the given size and format."""
    output = io.BytesIO()
    image = Image.new(mode, size, color=(200, 30, 30, 255)[: len(mode)])
    if exif is not None:
        save["exif"] = exif
    image.save(output, image_format, **save)
    return output.getvalue()


def photo_with_gps() -> bytes:
    """A JPEG carrying a camera model, GPS position and a sideways orientation."""
    exif = Image.Exif()
    exif[0x0110] = "Phone camera"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to view
    exif[0x8825] = {1: "S", 2: (33.0, 52.0, 0.0), 3: "E", 4: (151.0, 12.0, 0.0)}
    return image_bytes((80, 40), image_format="JPEG", exif=exif)
