"""One translation helper for all user-facing text: Swedish by default, English available.

The core texts live in `sv.py` / `en.py`; each feature may add a module under
`features/` with its own `SV` and `EN` dicts. A key may be defined only once.
"""
from __future__ import annotations

import importlib
import pkgutil

from cleverstore.i18n import features
from cleverstore.i18n.en import MESSAGES as _CORE_EN
from cleverstore.i18n.sv import MESSAGES as _CORE_SV

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def _merged() -> dict[str, dict[str, str]]:
    catalogues = {"sv": dict(_CORE_SV), "en": dict(_CORE_EN)}
    for module_info in sorted(pkgutil.iter_modules(features.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{features.__name__}.{module_info.name}")
        for lang, attribute in (("sv", "SV"), ("en", "EN")):
            extra = getattr(module, attribute)
            clash = set(extra) & set(catalogues[lang])
            if clash:
                raise ValueError(f"i18n keys defined twice: {sorted(clash)}")
            catalogues[lang].update(extra)
    return catalogues


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
