"""Check every row of an import, then save the good ones in one transaction.

Fast on 10 000 rows: the register's categories, places, tags, custom fields and ids are read once up front,
each row is checked by the object form's own rules without a query, and new objects, tags, field values and
history go in as bulk inserts. A row's stable id (`ref`) updates the object of *this* account that came in
with it (or our own "cs-<id>"); any other id is treated as missing, so a crafted file cannot reach another
customer's objects.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select

from cleverstore.models import Category, CustomField, Item, ItemChange, ItemFieldValue, ItemTag, Location, Tag
from cleverstore.models.base import utcnow
from cleverstore.services.imports import columns, plan_room
from cleverstore.services.imports.formats import Format, ImportRecord
from cleverstore.services.imports.reader import Table
from cleverstore.services.register import catalogue, history, search_index
from cleverstore.services.register.item_form import clean_item_form, custom_field_key
from cleverstore.services.shared import activity
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_text

CHUNK = 500
ITEM_COLUMNS = ("name", "description", "quantity", "manufacturer", "model", "serial_number", "purchase_date",
                "purchase_place", "purchase_price_ore", "replacement_value_ore", "current_value_ore",
                "warranty_end", "insured", "notes", "status", "lent_to", "lent_until", "sold_date",
                "sold_price_ore", "sold_to", "lost_date", "police_report", "asset_id", "url", "lifetime_warranty")


@dataclass
class RefusedRow:
    index: int                      # the row's index in table.rows
    line: int                       # its line in the file (the header is line 1)
    name: str
    reasons: list[tuple[str, str]]  # (column or field, i18n key)


@dataclass
class ImportPreview:
    format: str
    will_add: int = 0
    will_update: int = 0
    places: int = 0                 # location rows (Homebox v0.26+) that become places
    files: int = 0                  # photos and documents the good rows bring (a Homebox collection zip)
    refused: list[RefusedRow] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, i18n key)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def importable(self) -> int:
        return self.will_add + self.will_update


@dataclass
class ImportResult:
    added: int
    updated: int
    refused: int
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, i18n key): rows and their files
    refused_rows: list[RefusedRow] = field(default_factory=list)  # the rows left out (for the file to fix)


@dataclass
class _Good:
    line: int
    record: ImportRecord
    clean: dict
    path: list[str]
    custom: dict[str, str]           # custom values by lower-cased field name
    item_id: int | None = None       # the object this row updates


@dataclass
class _Checked:
    preview: ImportPreview
    good: list[_Good]
    place_paths: list[list[str]]
    fields: dict[str, CustomField]   # by lower-cased name
    new_fields: dict[str, str]       # lower-cased name -> name as written


def _tags(record: ImportRecord, clean: dict) -> list[str]:
    if record.tags is None:
        return clean["tags"]
    return list(_tag_names(tuple(record.tags)))


@lru_cache(maxsize=4096)
def _tag_names(tags: tuple[str, ...]) -> tuple[str, ...]:
    """A row's tags as kept: spaces tidied, 60 characters, no repeats, at most 30 (cached: rows share tags)."""
    seen: dict[str, str] = {}
    for tag in tags:
        name = " ".join(tag.split())[:60]
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return tuple(seen.values())[:30]


def _check(db: Session, account_id: int, table: Table, fmt: Format, today: date | None) -> _Checked:
    today = today or date.today()  # once, not once per row and date field
    fields = catalogue.custom_fields(db, account_id)
    by_name = {f.name.lower(): f for f in fields}
    checked = _Checked(ImportPreview(format=fmt.key, ignored_columns=fmt.ignored(table.headers)), [], [],
                       by_name, {})
    refs_seen: set[str] = set()
    lines, record_of, memo = table.line_numbers, fmt.reader(table.headers), {}  # memo: values checked once per file
    field_of_key = {custom_field_key(f): f for f in fields}
    for index, row in enumerate(table.rows):
        line = lines[index] if index < len(lines) else index + 2
        record = record_of(row)
        if record.skip:
            continue
        if record.is_place:
            if record.place_path:
                checked.place_paths.append([p[:120] for p in record.place_path])
            continue
        form = record.form  # the record's own dict, made for this row
        path = record.place_path if record.place_path is not None else catalogue.split_path(form.get("location", ""))
        form["location"] = ""
        if record.tags is not None:
            form["tags"] = ""
        reasons: list[tuple[str, str]] = []
        custom: dict[str, str] = {}
        for name, value in record.custom.items():
            key = " ".join(name.split()).lower()
            try:
                if len(key) > 60:
                    raise FieldError("import.field_name_too_long")
                if key in by_name:
                    form[custom_field_key(by_name[key])] = value
                else:
                    custom[key] = clean_text(value, max_length=500)
                    checked.new_fields.setdefault(key, " ".join(name.split()))
            except FieldError as exc:
                reasons.append((f"field:{name}", exc.key))
        clean: dict = {}
        try:
            clean = clean_item_form(db, account_id, form, today=today, fields=fields, memo=memo)
        except ValidationFailed as failed:
            reasons += [(_column_name(column, fields), key) for column, key in failed.errors.items()]
        if record.ref and record.ref in refs_seen:
            reasons.append(("ref", "import.duplicate_ref"))
        if reasons:
            checked.preview.refused.append(RefusedRow(index, line, str(form.get("name") or "")[:255], reasons))
            continue
        refs_seen.add(record.ref)
        checked.preview.files += len(record.attachments)
        checked.preview.warnings += [(line, key) for key in record.warnings]
        if field_of_key:
            custom.update({f.name.lower(): clean["custom"].get(f.id, "") for key, f in field_of_key.items()
                           if key in form})
        clean["tags"] = _tags(record, clean)
        checked.good.append(_Good(line, record, clean, list(_place_path(tuple(path))), custom))
    _match_refs(db, account_id, checked.good)
    plan_room.refuse_beyond_plan(db, account_id, checked, table.line_numbers, RefusedRow)
    checked.preview.will_update = sum(1 for g in checked.good if g.item_id)
    checked.preview.will_add, checked.preview.places = len(checked.good) - checked.preview.will_update, len(checked.place_paths)
    return checked


@lru_cache(maxsize=4096)
def _place_path(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p[:120] for p in path)[:catalogue.MAX_DEPTH]


def _column_name(column: str, fields: list[CustomField]) -> str:
    if column.startswith("cf_"):
        return next((f"field:{f.name}" for f in fields if custom_field_key(f) == column), column)
    return column


def _match_refs(db: Session, account_id: int, good: list[_Good]) -> None:
    """The object of this account each ref belongs to: one it came in with, or our own "cs-<id>"."""
    refs = [g.record.ref for g in good if g.record.ref]
    found: dict[str, int] = {}
    for start in range(0, len(refs), CHUNK):
        chunk = refs[start:start + CHUNK]
        statement = select(Item.id, Item.import_ref).where(Item.account_id == account_id,
                                                           Item.import_ref.in_(chunk))
        found.update({ref: item_id for item_id, ref in db.exec(statement).all()})
    own = {int(r[len(columns.OWN_REF_PREFIX):]): r for r in refs if r not in found
           and r.startswith(columns.OWN_REF_PREFIX) and r[len(columns.OWN_REF_PREFIX):].isdigit()}
    ids = list(own)
    for start in range(0, len(ids), CHUNK):
        statement = select(Item.id).where(Item.account_id == account_id, Item.id.in_(ids[start:start + CHUNK]))
        found.update({own[item_id]: item_id for item_id in db.exec(statement).all()})
    for g in good:
        g.item_id = found.get(g.record.ref) if g.record.ref else None


def preview(db: Session, account_id: int, table: Table, fmt: Format, *, today: date | None = None) -> ImportPreview:
    """What importing would do; nothing is saved."""
    return _check(db, account_id, table, fmt, today).preview


def run(db: Session, account_id: int, table: Table, fmt: Format, *, skip_refused: bool, actor: Actor | str,
        progress: Callable[[int, int], None] | None = None, today: date | None = None,
        attach: Callable[[int, ImportRecord], list[str] | None] | None = None) -> ImportResult:
    """Save every good row in the caller's transaction; `skip_refused=False`: one refused row refuses the file
    (ValidationFailed({"file": "import.has_refused_rows"})). `attach(item_id, record)`: a row's files (zip)."""
    checked = _check(db, account_id, table, fmt, today)
    refused = len(checked.preview.refused)
    if refused and not skip_refused:
        raise ValidationFailed({"file": "import.has_refused_rows"})
    if not checked.good and not checked.place_paths:
        raise ValidationFailed({"file": "import.nothing_to_import"})
    total = len(checked.good)
    report = progress or (lambda done, total: None)
    report(0, total)
    categories = _categories(db, account_id, {g.clean["category"] for g in checked.good})
    places = _places(db, account_id, [g.path for g in checked.good] + checked.place_paths)
    tags = _tag_ids(db, account_id, {t for g in checked.good for t in g.clean["tags"]})
    fields = _fields(db, account_id, checked)
    new = [g for g in checked.good if not g.item_id]
    updates = [g for g in checked.good if g.item_id]
    for start in range(0, len(new), CHUNK):
        _insert(db, account_id, new[start:start + CHUNK], categories, places, tags, fields, actor)
        report(start + len(new[start:start + CHUNK]), total)
    for start in range(0, len(updates), CHUNK):
        update_rows(db, account_id, updates[start:start + CHUNK], categories, places, tags, fields, actor)
        report(len(new) + start + len(updates[start:start + CHUNK]), total)
    warnings = list(checked.preview.warnings)
    if attach is not None:  # a refused file is a warning of its row (returned by `attach`), never a failure
        for g in checked.good:
            if g.record.attachments:
                warnings += [(g.line, key) for key in attach(g.item_id, g.record) or ()]
    activity.record(db, account_id, "register_imported",
                    f"{fmt.key}: +{len(new)} ~{len(updates)} -{refused if skip_refused else 0}")
    db.flush()
    return ImportResult(len(new), len(updates), refused, warnings, list(checked.preview.refused))


def item_values(g: _Good, categories: dict[str, int], places: dict[tuple[str, ...], int]) -> dict:
    values = {name: g.clean[name] for name in ITEM_COLUMNS}
    category = " ".join(g.clean["category"].split())[:100].lower()
    values["category_id"] = categories.get(category)
    values["location_id"] = places.get(tuple(p.lower() for p in g.path)) if g.path else None
    # the whole search document, as search_index.refresh writes it (the place is made from the root along g.path)
    values["search_text"] = search_index.document(values, search_index.PATH_SEPARATOR.join(g.path or ()),
                                                  g.clean["tags"], [v for v in g.custom.values() if v])
    return values


def _stamp_key(stamp: datetime, now: datetime) -> int:
    """A new row's created_at as microseconds after `now` (handed back with or without its time zone)."""
    stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=now.tzinfo)
    return round((stamp - now) / timedelta(microseconds=1))


def _insert(db, account_id, rows: list[_Good], categories, places, tags, fields, actor) -> None:
    """One multi-row INSERT per chunk. SQLite cannot return the new ids in the order of the rows in one
    statement, so each new object's created_at is `now` plus its position in microseconds, and the ids are
    matched to the rows by it (the rows of one import are created within the same few milliseconds)."""
    now = utcnow()
    values = [{**item_values(g, categories, places), "account_id": account_id,
               "created_at": now + timedelta(microseconds=n), "updated_at": now, "import_ref": g.record.ref or None}
              for n, g in enumerate(rows)]
    table = Item.__table__
    returned = db.execute(table.insert().returning(table.c.id, table.c.created_at), values).all()
    by_position = {_stamp_key(stamp, now): item_id for item_id, stamp in returned}
    for n, g in enumerate(rows):
        g.item_id = by_position[n]
    link_rows(db, rows, tags, fields)
    db.execute(ItemChange.__table__.insert(), [
        {"account_id": account_id, "item_id": g.item_id, **history.columns_of(actor), "field_name": "created",
         "old_value": "", "new_value": g.clean["name"], "created_at": now} for g in rows])


def link_rows(db: Session, rows: list[_Good], tags: dict[str, int], fields: dict[str, int]) -> None:
    """The rows' tags and custom field values (replacing what updated objects had)."""
    ids = [g.item_id for g in rows]
    db.execute(ItemTag.__table__.delete().where(ItemTag.__table__.c.item_id.in_(ids)))
    db.execute(ItemFieldValue.__table__.delete().where(ItemFieldValue.__table__.c.item_id.in_(ids)))
    links = [{"item_id": g.item_id, "tag_id": tags[t.lower()]} for g in rows for t in g.clean["tags"]]
    values = [{"item_id": g.item_id, "field_id": fields[name], "value": value}
              for g in rows for name, value in g.custom.items() if value]
    if links:
        _plain_insert(db, ItemTag.__table__, links)
    if values:
        _plain_insert(db, ItemFieldValue.__table__, values)


def _plain_insert(db: Session, table, rows: list[dict]) -> None:
    """Rows of plain integers and text (the link tables) straight to the driver's executemany: there is no
    value to convert, and 20 000 tag links would otherwise spend most of their time being converted."""
    names = list(rows[0])
    compiled = table.insert().values({name: bindparam(name) for name in names}).compile(
        dialect=db.get_bind().dialect)
    params = [tuple(row[name] for name in compiled.positiontup) for row in rows] if compiled.positional else rows
    db.connection().exec_driver_sql(str(compiled), params)


def update_rows(db: Session, account_id: int, rows: list[_Good], categories, places, tags, fields,
                actor: Actor | str) -> None:
    """Bring matched objects up to the file; an object the file does not change is not touched at all,
    so importing the same file twice changes nothing (not even the time it was changed). Only the compared
    columns are read, and only changed objects are written."""
    table = Item.__table__
    compared = [table.c[name] for name in (*ITEM_COLUMNS, "category_id", "location_id", "search_text")]
    statement = select(table.c.id, *compared).where(table.c.account_id == account_id,
                                                    table.c.id.in_([g.item_id for g in rows]))
    current = {row[0]: dict(zip((c.name for c in compared), row[1:])) for row in db.execute(statement).all()}
    ids = list(current)
    tags_now: dict[int, set[int]] = {}
    for item_id, tag_id in db.execute(select(ItemTag.item_id, ItemTag.tag_id).where(ItemTag.item_id.in_(ids))):
        tags_now.setdefault(item_id, set()).add(tag_id)
    values_now: dict[int, dict[int, str]] = {}
    for item_id, field_id, value in db.execute(select(ItemFieldValue.item_id, ItemFieldValue.field_id,
                                                      ItemFieldValue.value).where(ItemFieldValue.item_id.in_(ids))):
        values_now.setdefault(item_id, {})[field_id] = value
    changed_rows, writes, changes, now = [], [], [], utcnow()
    for g in rows:
        old = current[g.item_id]
        wanted = item_values(g, categories, places)
        diff = {name: (old[name], value) for name, value in wanted.items() if old[name] != value}
        want_tags = {tags[t.lower()] for t in g.clean["tags"]}
        want_values = {fields[name]: value for name, value in g.custom.items() if value}
        extras = want_tags != tags_now.get(g.item_id, set()) or want_values != values_now.get(g.item_id, {})
        if not diff and not extras:
            continue
        changed_rows.append(g)
        writes.append({**wanted, "updated_at": now, "_id": g.item_id})
        changes += [{"account_id": account_id, "item_id": g.item_id, **history.columns_of(actor),
                     "field_name": name[:60], "old_value": "" if before is None else str(before)[:2000],
                     "new_value": "" if after is None else str(after)[:2000], "created_at": now}
                    for name, (before, after) in diff.items() if name != "search_text"]
    if writes:
        names = [name for name in writes[0] if name != "_id"]
        db.execute(table.update().where(table.c.id == bindparam("_id"))
                   .values({name: bindparam(name) for name in names}), writes)
        db.expire_all()  # objects the session already holds must not show the values from before
        link_rows(db, changed_rows, tags, fields)
    if changes:
        db.execute(ItemChange.__table__.insert(), changes)


def _categories(db: Session, account_id: int, names: set[str]) -> dict[str, int]:
    existing = {c.name.lower(): c.id for c in catalogue.categories(db, account_id)}
    for name in sorted(names):
        name = " ".join(name.split())[:100]
        if name and name.lower() not in existing:
            category = Category(account_id=account_id, name=name)
            db.add(category)
            db.flush()
            existing[name.lower()] = category.id
    return existing


def _places(db: Session, account_id: int, paths: list[list[str]]) -> dict[tuple[str, ...], int]:
    """Every place on the paths, created level by level; keyed by the lower-cased path."""
    rows = db.exec(select(Location).where(Location.account_id == account_id)).all()
    by_parent = {(r.parent_id, r.name.lower()): r.id for r in sorted(rows, key=lambda r: r.id or 0)}
    found: dict[tuple[str, ...], int] = {}
    for path in paths:
        parent: int | None = None
        for depth in range(len(path)):
            key = tuple(p.lower() for p in path[:depth + 1])
            if key not in found:
                node = by_parent.get((parent, key[-1]))
                if node is None:
                    location = Location(account_id=account_id, parent_id=parent, name=path[depth])
                    db.add(location)
                    db.flush()
                    node = by_parent[(parent, key[-1])] = location.id
                found[key] = node
            parent = found[key]
    return found


def _tag_ids(db: Session, account_id: int, names: set[str]) -> dict[str, int]:
    existing = {t.name.lower(): t.id for t in db.exec(select(Tag).where(Tag.account_id == account_id)).all()}
    missing = {n.lower(): n for n in names if n.lower() not in existing}
    if missing:
        created = [Tag(account_id=account_id, name=name) for name in missing.values()]
        db.add_all(created)
        db.flush()
        existing.update({t.name.lower(): t.id for t in created})
    return existing


def _fields(db: Session, account_id: int, checked: _Checked) -> dict[str, int]:
    """The custom fields the file names, created as text fields when the register has none by that name."""
    ids = {name: f.id for name, f in checked.fields.items()}
    used = {name for g in checked.good for name, value in g.custom.items() if value}
    for key in sorted(used - set(ids)):
        created = CustomField(account_id=account_id, name=checked.new_fields[key][:60])
        db.add(created)
        db.flush()
        ids[key] = created.id
    return ids
