"""Bulk actions are safe: a move needs a chosen place, and every bulk action can be undone for ten minutes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.models import BulkUndo, Item, ItemChange, ItemFile
from cleverstore.models.base import utcnow
from cleverstore.services import register
from cleverstore.services.register import catalogue, files, history, undo
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.storage.files import get_store
from cleverstore.state.register import RegisterState
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for
from tests.helpers.file_store import no_orphan_grace
from tests.helpers.images import png_bytes


@pytest.fixture()
def garage(db):
    owner, other = make_account(db), make_account(db)
    kayak = make_item(db, owner, name="Kajak", location="Villa › Garage", tags="Sport", purchase_price="8000")
    db.commit()
    return owner, other, kayak.id


def test_a_bulk_move_without_a_chosen_place_is_refused_and_keeps_the_place(db, garage):
    owner, _other, kayak_id = garage
    with pytest.raises(ValidationFailed) as refused:
        register.move_items(owner.id, [kayak_id], "")
    assert refused.value.errors == {"location": "error.choose_place"}
    db.expire_all()
    assert catalogue.location_paths(db, owner.id)[db.get(Item, kayak_id).location_id] == "Villa › Garage"
    # on the page: no default target, the message says why, and the place stays
    token = signed_in_token(db, owner)
    db.commit()
    state = state_for(RegisterState, token=token, path="/register")
    state.on_load()
    state._selected = [kayak_id]
    assert state.bulk_location == ""
    state.bulk_move({"location": ""})
    assert "Välj en plats" in state.bulk_error and state.bulk_message == ""
    db.expire_all()
    assert db.get(Item, kayak_id).location_id is not None
    # removing the place is its own explicit choice
    assert register.move_items(owner.id, [kayak_id], register.NO_PLACE).count == 1
    db.expire_all()
    assert db.get(Item, kayak_id).location_id is None


def test_undo_restores_a_move_a_tag_and_a_status(db, garage):
    owner, _other, kayak_id = garage
    shelf = catalogue.location_at_path(db, owner.id, "Förråd › Hylla")
    db.commit()
    garage_id = db.get(Item, kayak_id).location_id
    moved = register.move_items(owner.id, [kayak_id], str(shelf.id), actor="Olga")
    assert register.undo_bulk_action(owner.id, moved.undo_id, actor="Olga") == 1
    db.expire_all()
    assert db.get(Item, kayak_id).location_id == garage_id
    tagged = register.tag_items(owner.id, [kayak_id], "Sommar")
    register.undo_bulk_action(owner.id, tagged.undo_id)
    db.expire_all()
    assert catalogue.tags_of(db, [kayak_id])[kayak_id] == ["Sport"]
    assert "Sommar" not in [t.name for t in catalogue.tags(db, owner.id)]  # the tag the action made goes too
    changed = register.set_items_status(owner.id, [kayak_id], "discarded")
    register.undo_bulk_action(owner.id, changed.undo_id)
    db.expire_all()
    assert db.get(Item, kayak_id).status == "in_use"
    # once undone, never twice
    with pytest.raises(ValidationFailed):
        register.undo_bulk_action(owner.id, changed.undo_id)


@pytest.mark.usefixtures("file_store_backend")
def test_undo_restores_a_bulk_delete_with_files_and_history(db, garage):
    owner, _other, kayak_id = garage
    photo = files.attach(db, owner.id, kayak_id, "photo", png_bytes(), "kajak.png")
    make_item(db, owner, name="Paddel")
    db.commit()
    stored, changes_before = photo.stored_name, len(history.changes(db, owner.id, kayak_id))
    original = register.read_owned_file((owner.id,), photo.id, thumbnail=False).data
    deleted = register.delete_items(owner.id, [kayak_id])
    assert deleted.count == 1
    db.expire_all()
    assert db.get(Item, kayak_id) is None
    assert get_store().get(stored) is not None  # the bytes wait for the undo
    paddle = make_item(db, owner, name="Paddel 2")  # may take the deleted object's id (SQLite reuses the last one)
    db.commit()
    assert register.undo_bulk_action(owner.id, deleted.undo_id) == 1
    db.expire_all()
    back = db.exec(select(Item).where(Item.account_id == owner.id, Item.name == "Kajak")).one()
    assert back.purchase_price_ore == 800000 and db.get(Item, paddle.id).name == "Paddel 2"
    assert catalogue.location_paths(db, owner.id)[back.location_id] == "Villa › Garage"
    assert catalogue.tags_of(db, [back.id])[back.id] == ["Sport"]
    record = db.exec(select(ItemFile).where(ItemFile.item_id == back.id)).one()
    assert record.stored_name == stored
    assert register.read_owned_file((owner.id,), record.id, thumbnail=False).data == original
    assert len(history.changes(db, owner.id, back.id)) == changes_before


@pytest.mark.usefixtures("file_store_backend")
def test_undo_passes_after_ten_minutes_and_the_kept_files_go(db, garage):
    owner, _other, kayak_id = garage
    photo = files.attach(db, owner.id, kayak_id, "photo", png_bytes(), "kajak.png")
    db.commit()
    deleted = register.delete_items(owner.id, [kayak_id])
    late = utcnow() + timedelta(minutes=undo.UNDO_MINUTES, seconds=1)
    with pytest.raises(ValidationFailed) as refused:
        undo.undo(db, owner.id, deleted.undo_id, now=late)
    assert refused.value.errors == {"undo": "error.undo_passed"}
    assert undo.purge_expired(db, owner.id, now=late) == 1
    db.commit()
    assert get_store().get(photo.stored_name) is None
    assert db.exec(select(BulkUndo)).all() == []


def test_one_customer_cannot_undo_anothers_action(db, garage):
    owner, other, kayak_id = garage
    deleted = register.delete_items(owner.id, [kayak_id])
    for wrong in (deleted.undo_id, "x", None, -1):
        with pytest.raises(ValidationFailed):
            register.undo_bulk_action(other.id, wrong)
    db.expire_all()
    assert db.exec(select(Item).where(Item.name == "Kajak")).all() == []
    assert register.undo_bulk_action(owner.id, deleted.undo_id) == 1


def test_the_page_offers_undo_in_the_success_message(db, garage):
    owner, _other, kayak_id = garage
    token = signed_in_token(db, owner)
    db.commit()
    state = state_for(RegisterState, token=token, path="/register")
    state.on_load()
    state._selected = [kayak_id]
    state.ask_bulk_delete()
    state.bulk_delete()
    assert state.bulk_message == "1 föremål har tagits bort." and state.bulk_undo_id
    assert state.matching == 0
    state.undo_bulk()
    assert state.bulk_message.startswith("Ändringen är ångrad") and state.bulk_undo_id == ""
    assert state.matching == 1 and state.rows[0]["name"] == "Kajak"
    back = db.exec(select(Item).where(Item.account_id == owner.id, Item.name == "Kajak")).one()
    assert db.exec(select(ItemChange).where(ItemChange.item_id == back.id)).first() is not None


@pytest.mark.usefixtures("file_store_backend")
def test_the_orphan_sweep_leaves_the_files_an_undo_still_needs(db, garage, monkeypatch):
    owner, _other, kayak_id = garage
    photo = files.attach(db, owner.id, kayak_id, "photo", png_bytes(), "kajak.png")
    db.commit()
    register.delete_items(owner.id, [kayak_id])
    with no_orphan_grace(monkeypatch):
        assert files.sweep_orphans(db) == 0
    assert get_store().get(photo.stored_name) is not None


def test_the_scheduled_purge_forgets_undos_that_have_passed(db, garage):
    from cleverstore.services.operations import jobs

    owner, _other, kayak_id = garage
    photo = files.attach(db, owner.id, kayak_id, "photo", png_bytes(), "kajak.png")
    db.commit()
    register.delete_items(owner.id, [kayak_id])
    assert jobs.purge(db)["bulk_undos"] == 0  # still within its ten minutes
    db.exec(select(BulkUndo)).one().expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert jobs.purge(db)["bulk_undos"] == 1
    db.commit()
    assert get_store().get(photo.stored_name) is None
