"""Test files made on the fly: a JPEG carrying GPS EXIF and a rotation, a tiny PDF."""
from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(width: int = 60, height: int = 30) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90°" and holds a GPS position (Stockholm)."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Testkamera"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (59.0, 19.0, 46.0), 3: "E", 4: (18.0, 4.0, 7.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(GPS_IFD))


def tiny_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def png_bytes(width: int = 10, height: int = 10) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 0, 255, 128)).save(out, format="PNG")
    return out.getvalue()


def receipt_pdf(**options) -> bytes:
    """A one-page A4 receipt drawn by reportlab: a heading and a large blue box in the page's upper half.
    `options` go to reportlab's Canvas (`encrypt="…"` makes one that needs a password)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, **options)
    page.setFont("Helvetica-Bold", 28)
    page.drawString(72, 760, "KVITTO")
    page.setFillColorRGB(0.1, 0.3, 0.9)
    page.rect(72, 420, 450, 280, fill=1, stroke=0)
    page.save()
    return out.getvalue()
