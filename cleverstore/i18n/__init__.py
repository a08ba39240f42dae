"""One translation helper for all user-facing text: Swedish by default, English available.

The texts live in `catalogues/`, one module per domain with its own `SV` and `EN` dicts and the
key prefixes it holds (`PREFIXES`: a key's first word names its module). A key is defined once.
"""
from __future__ import annotations

import importlib
import pkgutil

from cleverstore.i18n import catalogues

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def _merged() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {"sv": {}, "en": {}}
    for module in catalogue_modules():
        for lang, attribute in (("sv", "SV"), ("en", "EN")):
            extra = getattr(module, attribute)
            clash = set(extra) & set(merged[lang])
            if clash:
                raise ValueError(f"i18n keys defined twice: {sorted(clash)}")
            merged[lang].update(extra)
    return merged


def catalogue_modules() -> list:
    return [importlib.import_module(f"{catalogues.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(catalogues.__path__), key=lambda m: m.name)]


CATALOGUES = _merged()
SV = CATALOGUES["sv"]
EN = CATALOGUES["en"]


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
