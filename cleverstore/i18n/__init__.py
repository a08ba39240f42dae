"""One translation helper for all user-facing text: Swedish by default, English available."""
from __future__ import annotations

from cleverstore.i18n.en import MESSAGES as EN
from cleverstore.i18n.sv import MESSAGES as SV

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
CATALOGUES = {"sv": SV, "en": EN}


def normalise_language(lang: object) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message for `key` in `lang`; falls back to Swedish, then to the key itself."""
    catalogue = CATALOGUES.get(lang, SV)
    text = catalogue.get(key) or SV.get(key) or key
    return text.format(**values) if values else text


def missing_keys() -> dict[str, set[str]]:
    """Keys present in one catalogue but not the other (a test keeps this empty)."""
    return {"sv": set(EN) - set(SV), "en": set(SV) - set(EN)}
