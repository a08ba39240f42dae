"""Every text shown exists in Swedish and English."""
import re
from pathlib import Path

from cleverstore.i18n import CATALOGUES, catalogue_modules, missing_keys, translate

SOURCE = Path(__file__).resolve().parents[2] / "cleverstore"
def _key_pattern() -> re.Pattern:
    """Any string literal that starts with a catalogue prefix ("admin.", "error.", …) is a key."""
    prefixes = sorted({key.split(".")[0] for key in CATALOGUES["sv"]})
    return re.compile(r'"((?:' + "|".join(prefixes) + r')\.[a-z_]+(?:\.[a-z_]+)*)"')


def test_catalogues_have_the_same_keys():
    assert missing_keys() == {"sv": set(), "en": set()}


def test_every_key_used_in_the_code_exists():
    used: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = re.sub(r'ForeignKey\("[^"]*"', "", path.read_text(encoding="utf-8"))  # table.column, not a key
        used |= set(_key_pattern().findall(text))
    missing = sorted(key for key in used if key not in CATALOGUES["sv"])
    assert missing == []


def test_placeholders_match_between_languages():
    for key, swedish in CATALOGUES["sv"].items():
        english = CATALOGUES["en"][key]
        sv_names = set(re.findall(r"{(\w+)}", swedish))
        en_names = set(re.findall(r"{(\w+)}", english))
        if key == "plan.per_year":
            assert sv_names == {"sv_price"} and en_names == {"en_price"}
        else:
            assert sv_names == en_names, key


def test_translate_falls_back_to_swedish_then_to_the_key():
    assert translate("nav.login", "en") == "Log in"
    assert translate("nav.login", "de") == "Logga in"
    assert translate("no.such.key") == "no.such.key"


def test_each_key_lives_in_the_catalogue_its_prefix_names():
    owners: dict[str, str] = {}
    for module in catalogue_modules():
        name = module.__name__.rsplit(".", 1)[1]
        for prefix in module.PREFIXES:
            assert prefix not in owners, f"{prefix} is claimed by {owners[prefix]} and {name}"
            owners[prefix] = name
        for key in (*module.SV, *module.EN):
            assert key.split(".")[0] in module.PREFIXES, f"{key} does not belong in {name}"
