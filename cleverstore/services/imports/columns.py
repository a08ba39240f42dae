"""Our own CSV's columns (export and import read the same list), their Swedish and English headers and the
status words, so a file written in either language reads back with the words or the codes."""
from __future__ import annotations

from cleverstore.i18n import CATALOGUES
from cleverstore.models import ItemStatus

COLUMNS = ("name", "category", "location", "tags", "quantity", "status", "manufacturer", "model",
           "serial_number", "purchase_date", "purchase_place", "purchase_price", "replacement_value",
           "current_value", "estimated_value", "estimated_value_sum", "counted", "warranty_end", "insured",
           "description", "notes", "lent_to", "lent_until", "sold_date", "sold_price", "sold_to", "lost_date",
           "police_report", "asset_id", "url", "lifetime_warranty", "id")
# export only: values are per piece; the sum is quantity × the estimate, "counted" says whether the object is
# owned (sold and discarded ones are not counted in any total) — the same rule as every page (shared/worth.py)
EXPORT_ONLY = {"estimated_value", "estimated_value_sum", "counted"}
REF_COLUMN = "id"  # the stable id: a re-import of our own file updates these objects instead of adding
IMPORTED = set(COLUMNS) - EXPORT_ONLY - {REF_COLUMN}
# what a customer's column mapping may point a column at (besides "field:<name>" and "ref")
MAPPABLE = tuple(c for c in COLUMNS if c in IMPORTED)
FIELD_PREFIXES = ("field:", "fält:")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
OWN_REF_PREFIX = "cs-"

HEADERS = {
    "sv": {"name": "Namn", "category": "Kategori", "location": "Plats", "tags": "Taggar", "quantity": "Antal",
           "status": "Status", "manufacturer": "Tillverkare", "model": "Modell", "serial_number": "Serienummer",
           "purchase_date": "Inköpsdatum", "purchase_place": "Inköpsställe", "purchase_price": "Inköpspris",
           "replacement_value": "Återanskaffningsvärde", "current_value": "Nuvarande värde",
           "estimated_value": "Uppskattat värde", "estimated_value_sum": "Uppskattat värde totalt",
           "counted": "Räknas", "warranty_end": "Garanti till", "insured": "Försäkrad",
           "description": "Beskrivning", "notes": "Anteckningar", "lent_to": "Utlånad till",
           "lent_until": "Utlånad till och med", "sold_date": "Såld datum", "sold_price": "Sålt för",
           "sold_to": "Såld till", "lost_date": "Förlorad datum", "police_report": "Polisanmälan",
           "asset_id": "Inventarienummer", "url": "Länk", "lifetime_warranty": "Livstidsgaranti", "id": "id"},
    "en": {"name": "Name", "category": "Category", "location": "Place", "tags": "Tags", "quantity": "Quantity",
           "status": "Status", "manufacturer": "Manufacturer", "model": "Model", "serial_number": "Serial number",
           "purchase_date": "Purchase date", "purchase_place": "Bought from", "purchase_price": "Purchase price",
           "replacement_value": "Replacement value", "current_value": "Current value",
           "estimated_value": "Estimated value", "estimated_value_sum": "Estimated value total",
           "counted": "Counted", "warranty_end": "Warranty until", "insured": "Insured",
           "description": "Description", "notes": "Notes", "lent_to": "Lent to", "lent_until": "Lent until",
           "sold_date": "Sold date", "sold_price": "Sold for", "sold_to": "Sold to", "lost_date": "Lost date",
           "police_report": "Police report", "asset_id": "Asset id", "url": "Link",
           "lifetime_warranty": "Lifetime warranty", "id": "id"},
}
_COLUMN_OF = {**{c: c for c in COLUMNS},
              **{text.lower(): code for lang in HEADERS.values() for code, text in lang.items()}}
_STATUS_OF = {**{s.value: s.value for s in ItemStatus},
              **{CATALOGUES[lang][f"status.{s.value}"].lower(): s.value for lang in ("sv", "en") for s in ItemStatus}}


def header(code: str, lang: str) -> str:
    """The header our export writes for a column in the customer's language (codes when unknown)."""
    return HEADERS.get(lang, {}).get(code, code)


def column_of(header_text: str) -> str | None:
    """Our column behind a header in either language or as a code ("Inköpspris", "purchase_price")."""
    return _COLUMN_OF.get(" ".join((header_text or "").split()).lower())


def custom_field_of(header_text: str) -> str | None:
    """The custom field a column fills ("field:Färg", "fält:Färg"), else None."""
    text = (header_text or "").strip()
    for prefix in FIELD_PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix):].strip() or None
    return None


def status_word(code: str, lang: str) -> str:
    return CATALOGUES.get(lang, CATALOGUES["sv"]).get(f"status.{code}", code)


def status_code(text: str) -> str:
    """"Såld", "sold", "Sold" → "sold"; unknown words are passed on for the form to refuse."""
    value = " ".join((text or "").split())
    return _STATUS_OF.get(value.lower(), value)


def unformula(value: str) -> str:
    """Undo the apostrophe our export puts before a cell a spreadsheet would run as a formula."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def export_ref(item) -> str:
    """The id column our export writes: the id the object came in with, else our own ("cs-<id>")."""
    return item.import_ref or f"{OWN_REF_PREFIX}{item.id}"


def export_extras(item) -> dict[str, str]:
    """The values of the columns added for imports, for the export's row."""
    return {"asset_id": item.asset_id or "", "url": item.url or "",
            "lifetime_warranty": "yes" if item.lifetime_warranty else "no", "id": export_ref(item)}
