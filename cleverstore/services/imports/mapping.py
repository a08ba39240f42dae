"""Which column of a customer's own spreadsheet fills which field: guessed from the header words (Swedish and
English, any case, with or without å ä ö), and the mappings a customer kept for the next file with the same
header. A kept mapping is found by its owner's account id and a hash of the normalised header row only: no
other customer can read or use it.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from sqlmodel import Session, select

from cleverstore.models import ImportMapping
from cleverstore.models.base import utcnow
from cleverstore.services.imports.columns import MAPPABLE
from cleverstore.services.shared.errors import ValidationFailed

FIELD_TARGET = "field:"
REF = "ref"
IGNORE = ""
MAX_CUSTOM_NAME = 60  # CustomField.name

# Header words per target, already normalised (lower case, no accents, words split by one space). A header
# that is exactly one of these wins over one that only contains it; the longest contained phrase wins next.
WORDS: dict[str, tuple[str, ...]] = {
    "name": ("namn", "benamning", "foremal", "foremalets namn", "sak", "artikel", "artikelnamn", "produkt",
             "produktnamn", "objekt", "vara", "varunamn", "name", "item", "item name", "title", "product",
             "product name", "asset", "asset name", "object"),
    "category": ("kategori", "typ", "grupp", "varugrupp", "sort", "category", "type", "group", "kind",
                 "product type"),
    "location": ("plats", "rum", "placering", "forvaring", "forvaringsplats", "lokal", "var", "location",
                 "room", "place", "where", "storage", "site", "area", "folder", "primary folder"),
    "tags": ("taggar", "tagg", "etiketter", "etikett", "nyckelord", "tags", "tag", "labels", "label",
             "keywords"),
    "quantity": ("antal", "st", "styck", "stycken", "kvantitet", "qty", "quantity", "count", "pieces", "pcs",
                 "units", "number of items"),
    "status": ("status", "state"),
    "manufacturer": ("tillverkare", "marke", "fabrikat", "fabrikant", "manufacturer", "brand", "make", "maker"),
    "model": ("modell", "modellnummer", "modellnr", "model", "model number", "model no", "model name"),
    "serial_number": ("serienummer", "serienr", "serie nr", "serial", "serial number", "serial no", "sn", "s n"),
    "purchase_date": ("inkopsdatum", "kopdatum", "kopt", "datum kopt", "inkopt", "datum", "purchase date",
                      "date purchased", "purchased", "purchased on", "bought", "date bought", "acquired",
                      "acquisition date"),
    "purchase_place": ("inkopsstalle", "butik", "affar", "kopt fran", "kopt i", "kopt hos", "leverantor",
                       "saljare", "store", "shop", "vendor", "seller", "supplier", "retailer", "purchased from",
                       "bought from", "purchase from", "purchase place"),
    "purchase_price": ("pris", "inkopspris", "kopeskilling", "kostnad", "belopp", "kostade", "price",
                       "purchase price", "cost", "price paid", "paid", "amount paid", "purchase cost"),
    "replacement_value": ("ersattningsvarde", "nyvarde", "nypris", "aterskaffningsvarde", "replacement value",
                          "replacement cost", "new value", "value new"),
    "current_value": ("varde", "dagsvarde", "marknadsvarde", "uppskattat varde", "nuvarande varde", "value",
                      "current value", "market value", "estimated value", "worth"),
    "warranty_end": ("garanti", "garanti till", "garanti slutar", "garanti t o m", "garantin gar ut",
                     "warranty", "warranty end", "warranty expires", "warranty until", "warranty expiry",
                     "warranty expiration"),
    "insured": ("forsakrad", "forsakrat", "insured", "is insured"),
    "description": ("beskrivning", "detaljer", "description", "desc", "details"),
    "notes": ("anteckningar", "anteckning", "noteringar", "notering", "kommentar", "kommentarer", "ovrigt",
              "notes", "note", "comment", "comments", "remarks"),
    "lent_to": ("utlanad till", "lanad av", "lant ut till", "lent to", "loaned to", "borrowed by"),
    "lent_until": ("ska lamnas tillbaka", "tillbaka senast", "aterlamnas", "lent until", "due back",
                   "return date"),
    "sold_date": ("salddatum", "sald datum", "datum sald", "sald", "sold date", "date sold", "sold on", "sold"),
    "sold_price": ("saldpris", "forsaljningspris", "sald for", "sold price", "sale price", "sold for"),
    "sold_to": ("sald till", "kopare", "sold to", "buyer"),
    "lost_date": ("forlorad", "forsvann", "stulen", "datum stulen", "lost", "lost date", "date lost", "stolen"),
    "police_report": ("polisanmalan", "anmalningsnummer", "diarienummer", "police report", "police report number"),
    "asset_id": ("inventarienummer", "inventarienr", "tillgangsnummer", "asset id", "asset tag", "asset number",
                 "inventory number", "inventory id"),
    "url": ("lank", "webbadress", "webbsida", "url", "link", "web page", "website", "product url"),
    "lifetime_warranty": ("livstidsgaranti", "lifetime warranty"),
    REF: ("id", "ref", "referens", "reference", "import ref", "external id", "sortly id", "sid"),
}


def normalise(header: str) -> str:
    """Lower case, without accents (å ä ö é), words of letters and digits split by single spaces."""
    bare = unicodedata.normalize("NFKD", header or "").encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.findall(r"[a-z0-9]+", bare))


def header_key(headers: list[str]) -> str:
    """The same for two files whose header rows differ only in case, accents, spacing or punctuation."""
    return hashlib.sha256("\x1f".join(normalise(h) for h in headers).encode("utf-8")).hexdigest()


def targets() -> tuple[str, ...]:
    """Every field a column can fill, besides a custom field and "leave out"."""
    return (*MAPPABLE, REF)


def _known_words() -> dict[str, str]:
    wanted = set(targets())
    return {word: target for target, words in WORDS.items() if target in wanted for word in words}


def _guess_one(header: str, words: dict[str, str], custom: dict[str, str]) -> tuple[int, int, str]:
    """(how sure, how specific, target): sure 2 = the whole header, 1 = a phrase in it, 0 = nothing;
    specific = the length of the words that matched ("Purchase price" beats "Price")."""
    norm = normalise(header)
    if not norm:
        return 0, 0, IGNORE
    if norm in custom:
        return 3, len(norm), FIELD_TARGET + custom[norm]
    if norm in words:
        return 2, len(norm), words[norm]
    padded = f" {norm} "
    found = [(len(word), target) for word, target in words.items() if f" {word} " in padded]
    return (1, *max(found)) if found else (0, 0, IGNORE)


def guess(headers: list[str], custom_fields: list[str] = ()) -> dict[str, str]:
    """Header -> target for every header. A target goes to one column only: the surest and most specific,
    then the first; a header named like one of the customer's custom fields fills that field."""
    words = _known_words()
    custom = {normalise(name): name for name in custom_fields}
    ranked = sorted(((*_guess_one(h, words, custom), -index, h) for index, h in enumerate(headers)), reverse=True)
    taken: set[str] = set()
    result = {h: IGNORE for h in headers}
    for sureness, _specific, target, _order, header in ranked:
        if sureness and target not in taken:
            result[header] = target
            taken.add(target)
    return result


def clean_mapping(headers: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """The customer's choices for this header, each a target we know; a field used twice is refused."""
    allowed = set(targets())
    clean: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        target = str(mapping.get(header) or "").strip()
        if target.startswith(FIELD_TARGET):
            name = " ".join(target[len(FIELD_TARGET):].split())
            if not name or len(name) > MAX_CUSTOM_NAME:
                raise ValidationFailed({"mapping": "import.mapping_bad_field"})
            target = FIELD_TARGET + name
        elif target and target not in allowed:
            raise ValidationFailed({"mapping": "import.mapping_unknown_target"})
        if target and target.lower() in used:
            raise ValidationFailed({"mapping": "import.mapping_twice"})
        used.add(target.lower())
        clean[header] = target
    used.discard(IGNORE)
    if "name" not in used:
        raise ValidationFailed({"mapping": "import.mapping_needs_name"})
    return clean


# --- kept mappings (internals: the caller's unit of work) ----------------------------------------

def _row(db: Session, account_id: int, headers: list[str]) -> ImportMapping | None:
    return db.exec(select(ImportMapping).where(ImportMapping.account_id == account_id,
                                               ImportMapping.header_key == header_key(headers))).first()


def kept(db: Session, account_id: int, headers: list[str]) -> dict[str, str] | None:
    """The mapping this customer kept for this header row, still valid today; None when there is none."""
    row = _row(db, account_id, headers)
    if row is None:
        return None
    try:
        stored = json.loads(row.targets)
    except ValueError:
        return None
    if not isinstance(stored, list) or len(stored) != len(headers):
        return None
    try:
        return clean_mapping(headers, dict(zip(headers, (str(t) for t in stored))))
    except ValidationFailed:  # a field we no longer offer: ask again rather than guess
        return None


def keep(db: Session, account_id: int, headers: list[str], mapping: dict[str, str]) -> None:
    """Keep (or replace) this customer's mapping for this header row."""
    clean = clean_mapping(headers, mapping)
    row = _row(db, account_id, headers) or ImportMapping(account_id=account_id, header_key=header_key(headers))
    row.targets = json.dumps([clean[h] for h in headers], ensure_ascii=False)
    row.updated_at = utcnow()
    db.add(row)
    db.flush()


def forget(db: Session, account_id: int, headers: list[str]) -> bool:
    row = _row(db, account_id, headers)
    if row is None:
        return False
    db.delete(row)
    db.flush()
    return True
