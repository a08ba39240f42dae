"""An object's history is written once: no code path updates a row, every way of sending an UPDATE is
refused, the rows go only with their object or account, and the actor is kept by id and named when shown."""
import ast
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlmodel import select

from cleverstore.models import Account, ItemChange
from cleverstore.services.privacy import erasure
from cleverstore.services.register import bulk, files, history, items, undo
from cleverstore.services.register.history import HistoryIsPermanent
from cleverstore.services.shared.actors import Actor
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import tiny_pdf

ROOT = Path(__file__).resolve().parents[2] / "cleverstore"
# Every module that names the history table, and why it may: none of them changes a written row.
NAMES_ITEM_CHANGE = {
    "models/__init__.py": "exports the model",
    "models/register.py": "defines it",
    "services/register/history.py": "inserts rows, reads them, guards them",
    "services/register/undo.py": "keeps a deleted object's rows for an undo and inserts them again",
    "services/register/value_history.py": "reads when an object's status changed",
    "services/imports/engine.py": "inserts the rows of an import in bulk",
}


def _rows(db) -> dict[int, tuple]:
    db.expire_all()
    return {c.id: (c.item_id, c.field_name, c.old_value, c.new_value, c.actor, c.actor_account_id, c.created_at)
            for c in db.exec(select(ItemChange)).all()}


@pytest.fixture()
def written(db):
    owner = make_account(db, name="Olga Ägare")
    item = make_item(db, owner, name="Cykel", purchase_price="4 000", location="Hus › Garage")
    items.update_item(db, owner.id, item.id, {"name": "Cykel (blå)", "quantity": "1"}, actor=Actor(owner.id))
    db.commit()
    return owner, item


def test_only_the_known_modules_name_the_history_table_and_none_assigns_to_a_row():
    found = set()
    for path in ROOT.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "ItemChange" not in source and "itemchange" not in source:
            continue
        relative = str(path.relative_to(ROOT))
        found.add(relative)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "update" and node.args:
                assert "ItemChange" not in ast.unparse(node.args[0]), f"{relative} updates history"
    assert found == set(NAMES_ITEM_CHANGE), "a new module touches the history: check it never updates a row"


def test_every_path_that_writes_history_leaves_the_written_rows_as_they_were(db, written):
    owner, item = written
    actor = Actor(owner.id)
    second = make_item(db, owner, name="Lampa")
    before = _rows(db)
    assert before
    record = files.attach(db, owner.id, item.id, "receipt", tiny_pdf(), "kvitto.pdf", actor=actor)
    files.remove(db, owner.id, record.id, actor=actor)
    items.update_item(db, owner.id, item.id, {"name": "Cykel (röd)", "quantity": "2"}, actor=actor)
    _count, undo_id = bulk.set_status(db, owner.id, [item.id, second.id], "lost", actor=actor)
    undo.undo(db, owner.id, undo_id, actor=actor)
    _count, undo_id = bulk.tag(db, owner.id, [item.id], "Sport", actor=actor)
    undo.undo(db, owner.id, undo_id, actor=actor)
    _count, undo_id = bulk.delete(db, owner.id, [second.id])
    undo.undo(db, owner.id, undo_id, actor=actor)
    db.commit()
    after = _rows(db)
    stayed = {key: row for key, row in before.items() if row[0] != second.id}
    assert {key: after[key] for key in stayed} == stayed  # nothing written earlier changed
    # a deleted object's rows come back with the undo as they were written (under the object's new id)
    assert {row[1:] for row in before.values() if row[0] == second.id} <= {row[1:] for row in after.values()}
    assert len(after) > len(before) + 8


def test_a_changed_row_is_refused_at_flush(db, written):
    change = db.exec(select(ItemChange)).first()
    change.new_value = "något annat"
    db.add(change)
    with pytest.raises(HistoryIsPermanent):
        db.flush()
    db.rollback()


@pytest.mark.parametrize("how", ["orm", "core", "sql"])
def test_an_update_statement_is_refused_whichever_way_it_is_sent(db, written, how):
    statement = {
        "orm": update(ItemChange).values(actor="Någon annan"),
        "core": ItemChange.__table__.update().values(actor="Någon annan"),
        "sql": text("  update \"itemchange\" set actor = 'Någon annan'"),
    }[how]
    with pytest.raises(HistoryIsPermanent):
        db.execute(statement)
    db.rollback()
    assert "Någon annan" not in {row[4] for row in _rows(db).values()}


def test_the_actor_is_kept_by_id_and_named_when_shown(db, written):
    owner, item = written
    change = history.changes(db, owner.id, item.id)[0]
    assert (change.actor, change.actor_account_id) == ("", owner.id)
    account = db.get(Account, owner.id)
    account.name = "Olga Gift"
    db.add(account)
    db.commit()
    assert history.actor_names(db, [change]) == {change.id: "Olga Gift"}  # today's name, not a copy
    admin_row = ItemChange(account_id=owner.id, item_id=item.id, field_name="name",
                           **history.columns_of(Actor(admin_id=7)))
    operator_row = ItemChange(account_id=owner.id, item_id=item.id, field_name="name",
                              **history.columns_of("CleverStore (anna)"))
    db.add_all([admin_row, operator_row])
    db.flush()
    assert history.actor_names(db, [admin_row, operator_row]) == {admin_row.id: "CleverStore",
                                                                  operator_row.id: "CleverStore (anna)"}


def test_history_goes_with_its_object_and_with_an_erased_account(db, written):
    owner, item = written
    other = make_account(db)
    kept = make_item(db, other, name="Grannens lampa")
    items.update_item(db, other.id, kept.id, {"name": "Grannens lampa 2", "quantity": "1"}, actor=Actor(owner.id))
    db.commit()
    _count, _undo = bulk.delete(db, owner.id, [item.id])
    db.commit()
    assert db.exec(select(ItemChange).where(ItemChange.item_id == item.id)).all() == []
    second = make_item(db, owner, name="Soffa")
    db.commit()
    erasure.erase_account(db, owner.id, notify=False)
    db.commit()
    assert db.exec(select(ItemChange).where(ItemChange.account_id == owner.id)).all() == []
    left = db.exec(select(ItemChange).where(ItemChange.item_id == kept.id)).all()
    assert left and all(c.account_id == other.id for c in left)  # another register's history stays whole
    names = history.actor_names(db, left)
    # the erased name is gone: the page says "former member"
    assert [names[c.id] for c in left if c.actor_account_id == owner.id] == [history.FORMER_MEMBER]
    assert second.id not in {c.item_id for c in left}
