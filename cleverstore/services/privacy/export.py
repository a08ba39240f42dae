"""My data (GDPR art. 15 and 20): one zip with every table's rows as JSON and CSV, all files, and a README.

Built in memory from the metadata (see customer_tables), so new tables with an
account_id are included automatically; child tables (no account_id) are read
through their parent in CHILD_EXPORTS, and a test fails when one is missing.
Secrets (token and password hashes) are left out.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import Table, select
from sqlmodel import Session

from cleverstore.models import Account, CustomField, Item, ItemFieldValue, ItemTag, Tag
from cleverstore.services.accounts import registers
from cleverstore.services.register import catalogue, files
from cleverstore.services.shared import activity, format_ore
from cleverstore.services.shared.customer_tables import SECRET_COLUMNS, exported_tables
from cleverstore.services.shared.errors import NotFound

README = """CleverStore – dina uppgifter
============================

Den här filen innehåller allt som CleverStore har sparat om dig och ditt register
den {date}. Du kan ladda ner den när du vill, även när registret är låst för
betalning.

Innehåll
- konto.json: dina kontouppgifter (namn, e-post, telefon, adress, villkorsversion,
  samtycken).
- data/<tabell>.json och data/<tabell>.csv: samma rader i två format, en fil per
  tabell. "item" är föremålen i ditt register, "activityevent" din aktivitetslogg,
  "device" de enheter som loggat in, "outgoingmail" e-post vi har skickat dig.
- data/itemfieldvalue.json och .csv: värdena i dina egna fält, ett per föremål och
  fält (föremålets id och namn, fältets namn och typ, värdet).
- data/itemtag.json och .csv: vilka taggar varje föremål har (föremål och tagg).
  CSV-filerna använder semikolon som avgränsare och UTF-8.
- filer/: alla filer du har laddat upp (bilder, kvitton och andra dokument) i
  originalformat, en mapp per föremål (föremålets id och namn).
- foretag/<organisationsnummer>-<namn>/ (bara med SuperPro): ett företagsregister
  per mapp, med samma uppdelning (konto.json, data/, filer/) för det företaget.

Belopp anges i öre (100 öre = 1 krona) och, i kolumnen bredvid som slutar på
"_kronor", i kronor. Kategorier och platser anges med id och med namn
("category_name", "location_name": platsens hela sökväg). Tider anges i UTC.

Lösenord, inloggningsnycklar och andra säkerhetsuppgifter finns inte med: de
lagras bara som kontrollsummor som inte går att läsa tillbaka.

Frågor om dina uppgifter besvaras av CleverStore Sverige (Sverige Levererar AB).
"""


COMPANY_README = """Företagsregister: {name} ({org})

Den här mappen innehåller allt i registret för {name}, med samma uppdelning som
huvudmappen: konto.json (företagets namn och organisationsnummer), data/ och filer/.
"""


def _plain(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _csv_safe(value: object) -> str:
    """Cells that a spreadsheet would run as a formula get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rows(db: Session, table: Table, account_id: int) -> tuple[list[str], list[dict]]:
    columns = [c for c in table.c if c.name not in SECRET_COLUMNS]
    result = db.execute(select(*columns).where(table.c.account_id == account_id).order_by(*table.primary_key.columns))
    names = [c.name for c in columns]
    return names, [{name: _plain(value) for name, value in zip(names, row)} for row in result]


def _item_field_values(db: Session, account_id: int) -> tuple[list[str], list[dict]]:
    """The customer's own fields: one row per object and field, with the names a person reads."""
    names = ["item_id", "item_name", "field_id", "field_name", "field_kind", "value"]
    result = db.execute(
        select(Item.id, Item.name, CustomField.id, CustomField.name, CustomField.kind, ItemFieldValue.value)
        .select_from(ItemFieldValue).join(Item, Item.id == ItemFieldValue.item_id).join(CustomField, CustomField.id == ItemFieldValue.field_id)
        .where(Item.account_id == account_id).order_by(Item.id, CustomField.name))
    return names, [dict(zip(names, row)) for row in result]


def _item_tags(db: Session, account_id: int) -> tuple[list[str], list[dict]]:
    names = ["item_id", "item_name", "tag_id", "tag_name"]
    result = db.execute(
        select(Item.id, Item.name, Tag.id, Tag.name)
        .select_from(ItemTag).join(Item, Item.id == ItemTag.item_id).join(Tag, Tag.id == ItemTag.tag_id)
        .where(Item.account_id == account_id).order_by(Item.id, Tag.name))
    return names, [dict(zip(names, row)) for row in result]


# Tables without account_id (customer_tables.CHILD_TABLES), read through their parent rows.
CHILD_EXPORTS: dict[str, Callable[[Session, int], tuple[list[str], list[dict]]]] = {
    "itemfieldvalue": _item_field_values,
    "itemtag": _item_tags,
}


def _readable(db: Session, account_id: int, names: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
    """What a customer reads: each amount in öre also in kronor, categories and places also by name."""
    names_by_id = {
        "category_id": ("category_name", {c.id: c.name for c in catalogue.categories(db, account_id)}),
        "location_id": ("location_name", catalogue.location_paths(db, account_id)),
    }
    added: list[tuple[str, str, Callable[[object], object]]] = []
    for name in names:
        if name.endswith("_ore"):
            added.append((name, name.removesuffix("_ore") + "_kronor",
                          lambda value: None if value is None else format_ore(value, "sv")))
        elif name in names_by_id:
            label, known = names_by_id[name]
            added.append((name, label, lambda value, known=known: known.get(value)))
    if not added:
        return names, rows
    columns = []
    for name in names:
        columns.append(name)
        columns += [extra for source, extra, _convert in added if source == name]
    readable = []
    for row in rows:
        row = dict(row)
        for source, extra, convert in added:
            row[extra] = convert(row.get(source))
        readable.append({name: row[name] for name in columns})
    return columns, readable


def _all_tables(db: Session, account_id: int):
    """(table name, (columns, rows)) for every exported table, the account's own and the child tables."""
    for table in exported_tables():
        yield table.name, _readable(db, account_id, *_rows(db, table, account_id))
    for name, read in CHILD_EXPORTS.items():
        yield name, read(db, account_id)


def _csv(names: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_safe(row[name]) for name in names])
    return out.getvalue()


def _account_json(account: Account) -> str:
    data = {k: _plain(v) for k, v in account.model_dump().items() if k not in SECRET_COLUMNS}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _company_folder(register: Account) -> str:
    """foretag/<org number>-<name>/: one folder per SuperPro company register, named so a person finds it."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in register.name)[:60].strip("_")
    return f"foretag/{register.org_number or register.id}-{safe or register.id}/"


def _write_register(archive: zipfile.ZipFile, db: Session, account: Account, prefix: str) -> None:
    """One register's account row, every table's rows and every file, under `prefix`."""
    archive.writestr(f"{prefix}konto.json", _account_json(account))
    for name, (names, rows) in _all_tables(db, account.id):
        archive.writestr(f"{prefix}data/{name}.json", json.dumps(rows, ensure_ascii=False, indent=2))
        archive.writestr(f"{prefix}data/{name}.csv", _csv(names, rows))
    for item_id, item_name, record, data in files.originals(db, account.id):
        archive.writestr(f"{prefix}filer/" + files.archive_name(f"{item_id} {item_name}", record), data)


def build_export(db: Session, account_id: int, *, today: date | None = None) -> bytes:
    """The zip for one account (and, for SuperPro, each company register in its own folder);
    records the export in the activity log."""
    account = db.get(Account, account_id)
    if account is None:
        raise NotFound()
    activity.record(db, account_id, "data_exported")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LASMIG.txt", README.format(date=(today or date.today()).isoformat()))
        _write_register(archive, db, account, "")
        for register in registers.company_registers(db, account_id, include_archived=True):
            folder = _company_folder(register)
            archive.writestr(f"{folder}LASMIG.txt", COMPANY_README.format(
                name=register.name, org=register.org_number or ""))
            _write_register(archive, db, register, folder)
    return buffer.getvalue()


def export_filename(account: Account, today: date | None = None) -> str:
    return f"cleverstore-mina-uppgifter-{account.customer_number or account.id}-{(today or date.today()).isoformat()}.zip"
