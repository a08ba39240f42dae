"""Checking and cleaning uploaded bytes: allow-listed image formats re-encoded by Pillow, PDFs by magic bytes.

A PDF is kept as sent; its first page is drawn small by PDFium (pypdfium2) as the preview the object page
shows. A PDF that cannot be drawn (broken, encrypted, no pages) is still kept, without a preview.

A photo also gets a display rendition (WebP, long edge at most DISPLAY_EDGE): the object page shows it
instead of the full image, which on a phone connection would take seconds to arrive. A photo larger than
PHONE_EDGE also gets a phone rendition (WebP, long edge PHONE_EDGE): the object page offers both and a
phone's browser takes the one its screen needs, about half the bytes of the display size. Likewise a tile
rendition (WebP, long edge TILE_EDGE) for the small squares of the object page's other photos, a third of the
thumbnail's bytes (the thumbnail stays a JPEG: the PDF reports embed it as it is).

Re-encoding applies the EXIF orientation and drops all metadata (GPS included):
the saved image never gets the original `exif`.

A decoded image costs 3–4 bytes a pixel (160 MB for 40 megapixels), whatever its file size: a worker
decodes at most DECODE_BUDGET_PIXELS at a time (one 40 MP image, or several phone photos), the
others wait their turn, and no step keeps a second full-size copy.
"""
from __future__ import annotations

import ctypes
import io
import re
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import pypdfium2
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
DECODE_BUDGET_PIXELS = 48_000_000
THUMB_SIZE = (320, 320)
DISPLAY_EDGE = 1200
# a phone shows the main photo about 320-360 px wide at 1.75-2 device pixels a CSS pixel
PHONE_EDGE = 640
# the other photos' squares: about 95-160 CSS px, covered by a short edge of 180 px
TILE_EDGE = 240
DISPLAY_CONTENT_TYPE, DISPLAY_EXTENSION = "image/webp", "webp"
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
    display: bytes | None = None
    phone: bytes | None = None
    tile: bytes | None = None
    # a photo's own capture date from EXIF DateTimeOriginal ("YYYY-MM-DD HH:MM:SS", camera time), read
    # before the metadata is dropped; None when the photo has none
    captured_on: str | None = None


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip(b"\x00\t\r\n ").startswith(PDF_MAGIC)


class _PixelBudget:
    """At most `limit` decoded pixels in memory at once per process; a larger image waits for an empty room."""

    def __init__(self, limit: int):
        self.limit, self.in_use = limit, 0
        self._changed = threading.Condition()

    @contextmanager
    def hold(self, pixels: int):
        with self._changed:
            self._changed.wait_for(lambda: self.in_use == 0 or self.in_use + pixels <= self.limit)
            self.in_use += pixels
        try:
            yield
        finally:
            with self._changed:
                self.in_use -= pixels
                self._changed.notify_all()


_DECODES = _PixelBudget(DECODE_BUDGET_PIXELS)
M_MMAP_THRESHOLD = -3


def _give_freed_images_back_to_the_os() -> None:
    """Pillow holds pixels in 16 MB blocks. glibc raises its mmap threshold after such a block is freed,
    so later blocks come from per-thread heaps that keep freed memory: four upload threads then hold
    four images' worth for good. A fixed threshold keeps every block in its own mapping, returned on
    free. (Only on glibc; elsewhere nothing changes.)"""
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):
        pass


_give_freed_images_back_to_the_os()


def _opened(data: bytes) -> Image.Image:
    """The image's header only (nothing decoded yet); too many pixels or not an allowed format is refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise RejectedFile("upload.too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise RejectedFile("upload.not_allowed") from None
    if image.width * image.height > MAX_PIXELS:
        raise RejectedFile("upload.too_many_pixels")
    return image


def _decode(image: Image.Image) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise RejectedFile("upload.too_many_pixels") from None
        except (OSError, SyntaxError, ValueError):
            raise RejectedFile("upload.not_allowed") from None


def _thumbnail(image: Image.Image) -> bytes:
    """A small JPEG made from a reduced image (never from a second full-size copy)."""
    factor = max(1, min(image.width // THUMB_SIZE[0], image.height // THUMB_SIZE[1]))
    thumb = image.reduce(factor) if factor > 1 else image.copy()
    thumb.thumbnail(THUMB_SIZE)
    out = io.BytesIO()
    thumb.convert("RGB").save(out, format="JPEG", quality=80)
    return out.getvalue()


def _display(image: Image.Image, edge: int = DISPLAY_EDGE) -> bytes:
    """The size a screen shows (WebP, transparency kept), resized straight to it: no full-size copy."""
    scale = min(1.0, edge / max(image.width, image.height))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    shown = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0) if scale < 1 else image
    out = io.BytesIO()
    shown.save(out, format="WEBP", quality=80, method=4)
    return out.getvalue()


EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def capture_date(image: Image.Image) -> str | None:
    """When the photo was taken, from the camera's EXIF DateTimeOriginal; None when it is missing, blank
    ("0000:00:00 …") or not a real date. Only the EXIF the header carries is read: `getexif()` would
    decode a whole PNG to look past its pixels, outside the decode budget."""
    header = image.info.get("exif")
    if not header:
        return None
    try:
        exif = Image.Exif()
        exif.load(header)
        raw = exif.get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL)
    except (AttributeError, KeyError, OSError, SyntaxError, ValueError, TypeError, IndexError):
        return None
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    found = _EXIF_DATE.match(str(raw or "").strip())
    if not found:
        return None
    year, month, day, hour, minute, second = (int(part) for part in found.groups())
    try:
        taken = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return taken.strftime("%Y-%m-%d %H:%M:%S")


def clean_image(data: bytes) -> CleanFile:
    """Re-encode: orientation applied, no metadata; JPEG for photos, PNG when there is transparency.
    The capture date is read from the original's EXIF first: the saved image has none."""
    image = _opened(data)
    captured_on = capture_date(image)
    with _DECODES.hold(image.width * image.height):
        _decode(image)
        ImageOps.exif_transpose(image, in_place=True)  # no copy; the orientation tag goes with it
        keeps_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
        wanted = "RGBA" if keeps_alpha else "RGB"
        if image.mode != wanted:
            image = image.convert(wanted)
        output = io.BytesIO()
        if keeps_alpha:
            image.save(output, format="PNG", optimize=True)
            content_type, extension = "image/png", "png"
        else:
            image.save(output, format="JPEG", quality=88, optimize=True)
            content_type, extension = "image/jpeg", "jpg"
        thumbnail = _thumbnail(image)
        display = _display(image)
        phone, tile = _phone_sizes(image)
        del image
    return CleanFile(output.getvalue(), content_type, extension, thumbnail, display, phone, tile, captured_on)


def _phone_sizes(image: Image.Image) -> tuple[bytes | None, bytes | None]:
    """The phone and tile renditions; None for each the photo is no larger than."""
    long_edge = max(image.width, image.height)
    return (_display(image, PHONE_EDGE) if long_edge > PHONE_EDGE else None,
            _display(image, TILE_EDGE) if long_edge > TILE_EDGE else None)


def phone_sizes_of_stored(data: bytes) -> tuple[bytes | None, bytes | None]:
    """The phone and tile renditions of a photo already stored (cleaned: upright, no metadata), for photos kept
    before these renditions were made; RejectedFile when the bytes are not an image we keep."""
    image = _opened(data)
    with _DECODES.hold(image.width * image.height):
        _decode(image)
        return _phone_sizes(image)


# PDFium is not thread-safe: one drawing at a time per process (uploads run in a thread pool).
_PDFIUM = threading.Lock()
PDF_PREVIEW_MAX_PAGE_POINTS = 14_400  # PDF's own limit for a page side (200 inches)


def pdf_preview(data: bytes) -> bytes | None:
    """The first page as a small JPEG (at most THUMB_SIZE), or None when the PDF cannot be drawn."""
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except (pypdfium2.PdfiumError, ValueError, OSError):
            return None  # broken or encrypted
        try:
            if len(document) == 0:
                return None
            page = document[0]
            try:
                width, height = page.get_size()
                if not (0 < width <= PDF_PREVIEW_MAX_PAGE_POINTS and 0 < height <= PDF_PREVIEW_MAX_PAGE_POINTS):
                    return None
                # drawn straight at thumbnail size: the bitmap is never larger than THUMB_SIZE
                scale = min(THUMB_SIZE[0] / width, THUMB_SIZE[1] / height)
                bitmap = page.render(scale=scale, may_draw_forms=False)
                try:
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()
        except (pypdfium2.PdfiumError, ValueError, OSError):
            return None
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return out.getvalue()


def clean_upload(data: bytes, *, allow_pdf: bool) -> CleanFile:
    if len(data) > MAX_BYTES:
        raise RejectedFile("upload.too_big")
    if not data:
        raise RejectedFile("upload.empty")
    if is_pdf(data):
        if not allow_pdf:
            raise RejectedFile("upload.photo_must_be_image")
        return CleanFile(data, "application/pdf", "pdf", pdf_preview(data))
    return clean_image(data)
