"""Building blocks every domain uses: errors, validation, money, time, tokens, activity and audit logs, mail.

Pages and states use the names below; the modules stay the domains' internals.
"""
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import format_ore, parse_kronor
from cleverstore.services.shared.qr import qr_png_data_uri, qr_terminal
from cleverstore.services.shared.timefmt import STOCKHOLM, local_text
from cleverstore.services.shared.validation import display_phone

__all__ = ["STOCKHOLM", "Actor", "NotFound", "ValidationFailed", "display_phone", "format_ore", "local_text", "parse_kronor",
           "qr_png_data_uri", "qr_terminal"]
