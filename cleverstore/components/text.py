"""`t(key)`: a UI text in the visitor's language, switched in the browser without a reload."""
from __future__ import annotations

import reflex as rx

from cleverstore.i18n import CATALOGUES
from cleverstore.state.base import AppState


def t(key: str, **values: object):
    swedish = CATALOGUES["sv"][key]
    english = CATALOGUES["en"].get(key, swedish)
    if values:
        swedish, english = swedish.format(**values), english.format(**values)
    return rx.cond(AppState.is_en, english, swedish)
