"""The register's full-text search: what an object's search document holds, keeping it current, and matching it.

Each object's `search_text` is its document: every text the customer typed about it (its own fields and
custom field values), its place with every place above it, and its tags, lower-cased. The database indexes
that column (see the migration `f4d4e5f6a704_search_index`):

- SQLite: an FTS5 table `item_search` with the trigram tokenizer, external content on `item.search_text`,
  kept in step by triggers (so core bulk inserts and deletes are indexed too). External content rather than
  contentless: the text is kept once, in `item`, where PostgreSQL and the short-word match read it too, and a
  delete hands the index the old text it must remove. Trigrams find a word inside
  a compound ("maskin" in "borrmaskin") as well as its start. Diacritics are kept: in Swedish å, ä and ö
  are letters of their own, so "kok" does not find "kök".
- PostgreSQL: a GIN `pg_trgm` index on `search_text` for terms of three letters or more, and a GIN index on
  `to_tsvector('simple', search_text)` for shorter ones.
Words of three letters or more are found anywhere (LIKE semantics: "%" and "_" are plain characters); shorter
ones at the start of a word ("tv" finds "tv-bänk", "or" does not find "borr"), on both databases.

Every write that changes what a document holds (the object form, capture, bulk moves and tags and their
undo, imports, renaming, moving or removing a place, removing a custom field) calls `refresh` for the
objects it touched. The customer's input never reaches MATCH or to_tsquery raw: `terms` splits it into
plain words and each is quoted.
"""
from __future__ import annotations

import re
from typing import Iterable

from sqlalchemy import and_, bindparam, false, func, literal, literal_column, select, text, update
from sqlmodel import Session

from cleverstore.models import CustomField, Item, ItemFieldValue, ItemTag, Location, Tag

PATH_SEPARATOR = " › "  # as the catalogue shows a place's path
OWN_FIELDS = ("name", "manufacturer", "model", "serial_number", "description", "notes", "purchase_place",
              "sold_to", "lent_to", "police_report", "asset_id")
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
TRIGRAM = 3  # the shortest term the trigram indexes can find; shorter ones match a word's start
CHUNK = 5_000  # ids per IN (…): well inside SQLite's and PostgreSQL's parameter limits

_TERM = re.compile(r'[^\s"]+')


def document(values, place: str = "", tags: Iterable[str] = (), custom: Iterable[str] = ()) -> str:
    """An object's search document: its own fields, then place path, tags and custom values, one per line."""
    get = values.get if isinstance(values, dict) else (lambda name: getattr(values, name, ""))
    parts = [str(get(name) or "") for name in OWN_FIELDS]
    parts += [place, *sorted(tags, key=str.lower), *sorted(custom, key=str.lower)]
    return "\n".join(parts).lower()


def _place_paths(db: Session, account_id: int) -> dict[int, str]:
    """Every place's full path ("Villan › Kök"); its own query so the catalogue can call `refresh`."""
    rows = db.execute(select(Location.id, Location.parent_id, Location.name)
                      .where(Location.account_id == account_id)).all()
    parent = {row.id: row.parent_id for row in rows}
    name = {row.id: row.name for row in rows}
    paths: dict[int, str] = {}
    for place_id in name:
        chain, seen, at = [], set(), place_id
        while at is not None and at in name and at not in seen:  # `seen`: a broken loop never hangs a write
            seen.add(at)
            chain.append(name[at])
            at = parent[at]
        paths[place_id] = PATH_SEPARATOR.join(reversed(chain))
    return paths


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def refresh(db: Session, account_id: int, item_ids: Iterable[int] | None = None) -> int:
    """Rewrite the search document of these objects of the account (all of them when None) where it changed;
    returns how many were rewritten. Pending changes are flushed first, so the documents see them."""
    db.flush()
    wanted = None if item_ids is None else sorted({int(i) for i in item_ids})
    if wanted is not None and not wanted:
        return 0
    columns = [Item.id, Item.location_id, Item.search_text, *[getattr(Item, name) for name in OWN_FIELDS]]
    rows = []
    for part in ([None] if wanted is None else _chunks(wanted)):
        statement = select(*columns).where(Item.account_id == account_id)
        if part is not None:
            statement = statement.where(Item.id.in_(part))
        rows += db.execute(statement).all()
    if not rows:
        return 0
    paths = _place_paths(db, account_id)
    tags: dict[int, list[str]] = {}
    custom: dict[int, list[str]] = {}
    for part in _chunks([row.id for row in rows]):
        for item_id, name in db.execute(select(ItemTag.item_id, Tag.name).join(Tag, Tag.id == ItemTag.tag_id)
                                        .where(ItemTag.item_id.in_(part), Tag.account_id == account_id)):
            tags.setdefault(item_id, []).append(name)
        for item_id, value in db.execute(
                select(ItemFieldValue.item_id, ItemFieldValue.value)
                .join(CustomField, CustomField.id == ItemFieldValue.field_id)
                .where(ItemFieldValue.item_id.in_(part), CustomField.account_id == account_id)):
            custom.setdefault(item_id, []).append(value or "")
    writes = []
    for row in rows:
        new = document(row._mapping, paths.get(row.location_id, ""), tags.get(row.id, ()), custom.get(row.id, ()))
        if new != row.search_text:
            writes.append({"_id": row.id, "_text": new})
    if writes:
        table = Item.__table__
        db.execute(update(table).where(table.c.id == bindparam("_id")).values(search_text=bindparam("_text")),
                   writes)
        rewritten = {w["_id"] for w in writes}
        for held in list(db.identity_map.values()):  # objects the session holds must not keep the old text
            if isinstance(held, Item) and held.id in rewritten:
                db.expire(held, ["search_text"])
    return len(writes)


def items_in_places(db: Session, account_id: int, place_ids: Iterable[int]) -> list[int]:
    """The objects at these places (for a rename, move or removal of a place and the places under it)."""
    ids = list(place_ids)
    return list(db.execute(select(Item.id).where(Item.account_id == account_id, Item.location_id.in_(ids)))
                .scalars().all()) if ids else []


def items_with_field(db: Session, account_id: int, field_id: int) -> list[int]:
    """The objects holding a value of this custom field (before the field is removed)."""
    return list(db.execute(select(ItemFieldValue.item_id).join(Item, Item.id == ItemFieldValue.item_id)
                           .where(Item.account_id == account_id, ItemFieldValue.field_id == field_id))
                .scalars().all())


def terms(search: str) -> list[str]:
    """The customer's words, lower-cased, without quotes; at most MAX_TERMS of at most MAX_TERM_LENGTH."""
    return [word[:MAX_TERM_LENGTH] for word in _TERM.findall((search or "").lower())][:MAX_TERMS]


def _fts5_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _tsquery_prefix(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "':*"


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _word_start(term: str):
    """The document has a word (after a space, a line break or a hyphen) that starts with `term`, literally."""
    words = literal(" ").concat(func.replace(func.replace(Item.search_text, "\n", " "), "-", " "))
    return words.like("% " + _like_pattern(term)[1:], escape="\\")


def condition(db: Session, search: str):
    """A WHERE condition on Item: every word of `search` is in the object's document. Input with no word
    (only quotes or spaces) matches nothing; operators and brackets are searched as plain characters."""
    words = terms(search)
    if not words:
        return false()
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short_words = [w for w in words if len(w) < TRIGRAM]
    if db.get_bind().dialect.name == "sqlite":
        parts = []
        if long_words:
            match = " ".join(_fts5_phrase(w) for w in long_words)
            parts.append(Item.id.in_(select(literal_column("rowid")).select_from(text("item_search"))
                                     .where(text("item_search MATCH :search_match").bindparams(search_match=match))))
        # shorter than a trigram: the start of a word; the register's rows are read (short words are rare,
        # and a longer word beside one narrows the rows first)
        parts += [_word_start(w) for w in short_words]
        return and_(*parts)
    parts = [Item.search_text.like(_like_pattern(w), escape="\\") for w in long_words]
    words_vector = func.to_tsvector(literal_column("'simple'::regconfig"), Item.search_text)
    # the word index finds the candidates; the same word-start test as on SQLite then keeps the characters the
    # 'simple' parser drops ("b_" is not "b")
    parts += [and_(words_vector.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"),
                                                         bindparam(None, _tsquery_prefix(w)))), _word_start(w))
              for w in short_words]
    return and_(*parts)
