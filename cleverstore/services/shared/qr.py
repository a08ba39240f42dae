"""QR codes drawn here on the server: the otpauth link never goes to an outside image service."""
from __future__ import annotations

import base64
import io

import qrcode


def _code(text: str) -> qrcode.QRCode:
    code = qrcode.QRCode(border=2, box_size=6, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return code


def qr_png_data_uri(text: str) -> str:
    """A PNG of the QR code as a data: address, for an <img> on the page."""
    buffer = io.BytesIO()
    _code(text).make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_terminal(text: str) -> str:
    """The QR code in block characters, to scan from a terminal (the admin's create-admin command)."""
    out = io.StringIO()
    _code(text).print_ascii(out=out, invert=True)
    return out.getvalue()
