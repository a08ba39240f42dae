"""Checking and cleaning uploaded bytes: allow-listed image formats re-encoded by Pillow, PDFs by magic bytes.

Re-encoding applies the EXIF orientation and drops all metadata (GPS included):
the saved image never gets the original `exif`.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMB_SIZE = (320, 320)
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
PDF_MAGIC = b"%PDF-"


class RejectedFile(ValueError):
    """The file cannot be kept; `key` is the i18n message key."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass
class CleanFile:
    data: bytes
    content_type: str
    extension: str
    thumbnail: bytes | None = None


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip(b"\x00\t\r\n ").startswith(PDF_MAGIC)


def _open_image(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise RejectedFile("upload.too_many_pixels")
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise RejectedFile("upload.too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            if isinstance(exc, RejectedFile):
                raise
            raise RejectedFile("upload.not_allowed") from None
    return image


def clean_image(data: bytes) -> CleanFile:
    """Re-encode: orientation applied, no metadata; JPEG for photos, PNG when there is transparency."""
    image = _open_image(data)
    image = ImageOps.exif_transpose(image)
    keeps_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    output = io.BytesIO()
    if keeps_alpha:
        image = image.convert("RGBA")
        image.save(output, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        image = image.convert("RGB")
        image.save(output, format="JPEG", quality=88, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    thumb = image.copy()
    thumb.thumbnail(THUMB_SIZE)
    thumb_out = io.BytesIO()
    thumb.convert("RGB").save(thumb_out, format="JPEG", quality=80)
    return CleanFile(output.getvalue(), content_type, extension, thumb_out.getvalue())


def clean_upload(data: bytes, *, allow_pdf: bool) -> CleanFile:
    if len(data) > MAX_BYTES:
        raise RejectedFile("upload.too_big")
    if not data:
        raise RejectedFile("upload.empty")
    if is_pdf(data):
        if not allow_pdf:
            raise RejectedFile("upload.photo_must_be_image")
        return CleanFile(data, "application/pdf", "pdf", None)
    return clean_image(data)
