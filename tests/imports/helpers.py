"""Shared by the import tests: the fixture files and a quick way to read a register back."""
from pathlib import Path

from sqlmodel import select

from cleverstore.models import Item
from cleverstore.services.imports import engine, formats
from cleverstore.services.imports.reader import read_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def table_of(relative: str):
    path = FIXTURES / relative
    return read_table(path.read_bytes(), path.name)


def run_file(db, account_id, relative, *, skip_refused=True):
    table = table_of(relative)
    return engine.run(db, account_id, table, formats.detect(table.headers), skip_refused=skip_refused,
                      actor="test", today=None)


def items_of(db, account_id) -> dict[str, Item]:
    return {i.name: i for i in db.exec(select(Item).where(Item.account_id == account_id)).all()}
