"""full-text search index

Every object's search document (`item.search_text`) is refilled to hold all its typed texts, its place path
and its tags (the rule of services/register/search_index.py `document`, repeated here as it stands today),
and indexed. SQLite: an FTS5 table with external content on item.search_text (the text is kept once, in
`item`; triggers keep the index in step with every insert, update and delete, core statements included)
and the trigram tokenizer (a word inside a compound is found; diacritics are kept, å/ä/ö are letters).
A later batch migration that rebuilds `item` drops the triggers: it must create them again
(`create_sqlite_triggers`); tests/register/test_search_index.py checks they exist at head.
PostgreSQL: pg_trgm GIN index on search_text and a GIN index on its 'simple' tsvector.

Revision ID: f4d4e5f6a704
Revises: f3c3d4e5f603
Create Date: 2026-12-07 13:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'f4d4e5f6a704'
down_revision: Union[str, None] = 'f3c3d4e5f603'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


SEPARATOR = " › "
OWN_FIELDS = ("name", "manufacturer", "model", "serial_number", "description", "notes", "purchase_place",
              "sold_to", "lent_to", "police_report", "asset_id")
TRIGGERS = {
    "item_search_insert": "AFTER INSERT ON item BEGIN "
                          "INSERT INTO item_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "item_search_delete": "AFTER DELETE ON item BEGIN "
                          "INSERT INTO item_search(item_search, rowid, search_text) "
                          "VALUES ('delete', old.id, old.search_text); END",
    "item_search_update": "AFTER UPDATE OF search_text ON item BEGIN "
                          "INSERT INTO item_search(item_search, rowid, search_text) "
                          "VALUES ('delete', old.id, old.search_text); "
                          "INSERT INTO item_search(rowid, search_text) VALUES (new.id, new.search_text); END",
}


def create_sqlite_triggers() -> None:
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def _refill_documents() -> None:
    """Each object's document: own fields, place path, tags and custom values (sorted), lower-cased."""
    bind = op.get_bind()
    places = {row[0]: (row[1], row[2]) for row in bind.execute(sa.text("SELECT id, parent_id, name FROM location"))}

    def path(place_id):
        chain, seen = [], set()
        while place_id is not None and place_id in places and place_id not in seen:
            seen.add(place_id)
            chain.append(places[place_id][1])
            place_id = places[place_id][0]
        return SEPARATOR.join(reversed(chain))

    tags: dict[int, list[str]] = {}
    linked = sa.text("SELECT it.item_id, t.name FROM itemtag it JOIN tag t ON t.id = it.tag_id")
    for item_id, name in bind.execute(linked):
        tags.setdefault(item_id, []).append(name)
    custom: dict[int, list[str]] = {}
    for item_id, value in bind.execute(sa.text("SELECT item_id, value FROM itemfieldvalue")):
        custom.setdefault(item_id, []).append(value or "")
    columns = ", ".join(OWN_FIELDS)
    writes = []
    for row in bind.execute(sa.text(f"SELECT id, location_id, search_text, {columns} FROM item")).all():
        parts = [str(value or "") for value in row[3:]]
        parts += [path(row[1]), *sorted(tags.get(row[0], []), key=str.lower),
                  *sorted(custom.get(row[0], []), key=str.lower)]
        document = "\n".join(parts).lower()
        if document != row[2]:
            writes.append({"id": row[0], "text": document})
    if writes:
        bind.execute(sa.text("UPDATE item SET search_text = :text WHERE id = :id"), writes)


def upgrade() -> None:
    _refill_documents()
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE item_search USING fts5(search_text, content='item', "
                   "content_rowid='id', tokenize='trigram case_sensitive 0')")
        create_sqlite_triggers()
        op.execute("INSERT INTO item_search(item_search) VALUES ('rebuild')")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_item_search_trigram ON item USING gin (search_text gin_trgm_ops)")
    op.execute("CREATE INDEX ix_item_search_words ON item USING gin (to_tsvector('simple'::regconfig, search_text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS item_search")
        return
    op.execute("DROP INDEX IF EXISTS ix_item_search_words")
    op.execute("DROP INDEX IF EXISTS ix_item_search_trigram")
