"""Capture in seconds: photos first make a nameless object; a category or place is added from the form."""
import pytest
from sqlmodel import select

from cleverstore.models import Category, Item, ItemFile, Location
from cleverstore.services.register import (
    RejectedFile,
    add_category_from_form,
    add_place_from_form,
    capture_photo,
    files,
)
from cleverstore.services.register.images import MAX_BYTES
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import gps_of, jpeg_with_gps, tiny_pdf


def _items(db, account_id):
    db.expire_all()
    return list(db.exec(select(Item).where(Item.account_id == account_id)).all())


def test_three_photos_make_one_nameless_object_with_the_first_as_main_photo(db):
    owner = make_account(db)
    db.commit()
    first = capture_photo(owner.id, "", jpeg_with_gps(), "IMG_1.jpg", actor="Anna")
    second = capture_photo(owner.id, str(first.item_id), jpeg_with_gps(), "IMG_2.jpg", actor="Anna")
    third = capture_photo(owner.id, str(first.item_id), jpeg_with_gps(), "IMG_3.jpg", actor="Anna")
    assert first.created and not second.created and not third.created
    assert second.item_id == third.item_id == first.item_id
    [item] = _items(db, owner.id)
    assert item.name == "" and item.quantity == 1
    photos = files.files_of(db, owner.id, item.id)
    assert [p.original_name for p in photos] == ["IMG_1.jpg", "IMG_2.jpg", "IMG_3.jpg"]
    assert [p.is_main for p in photos] == [True, False, False]
    assert all(p.thumb_name for p in photos)
    assert gps_of(files.read(db, owner.id, photos[0].id, thumbnail=False).data) == {}  # EXIF GPS stripped


@pytest.mark.parametrize("data, key", [(tiny_pdf(), "upload.photo_must_be_image"), (b"not an image", "upload.not_allowed"),
                                       (b"", "upload.empty"), (b"\xff" * (MAX_BYTES + 1), "upload.too_big")])
def test_a_refused_first_photo_leaves_no_object_behind(db, data, key):
    owner = make_account(db)
    db.commit()
    with pytest.raises(RejectedFile) as refused:
        capture_photo(owner.id, "", data, "x.jpg")
    assert refused.value.key == key
    assert _items(db, owner.id) == []
    assert db.exec(select(ItemFile).where(ItemFile.account_id == owner.id)).all() == []


def test_a_photo_never_joins_another_customers_object(db):
    owner, intruder = make_account(db), make_account(db)
    theirs = make_item(db, owner, name="Klocka")
    db.commit()
    for target in (str(theirs.id), "999999", "abc"):
        with pytest.raises(NotFound):
            capture_photo(intruder.id, target, jpeg_with_gps(), "x.jpg")
    assert files.files_of(db, owner.id, theirs.id) == []
    assert _items(db, intruder.id) == []


def test_a_new_category_from_the_form_is_created_once_and_named_as_stored(db):
    owner, other = make_account(db), make_account(db)
    db.commit()
    assert add_category_from_form(owner.id, "  Verktyg ") == "Verktyg"
    assert add_category_from_form(owner.id, "verktyg") == "Verktyg"  # the existing one, not a second
    with pytest.raises(ValidationFailed) as failed:
        add_category_from_form(owner.id, "   ")
    assert failed.value.errors == {"name": "error.required"}
    db.expire_all()
    assert [c.name for c in db.exec(select(Category).where(Category.account_id == owner.id)).all()] == ["Verktyg"]
    assert db.exec(select(Category).where(Category.account_id == other.id)).all() == []


def test_a_new_place_from_the_form_goes_at_the_top_or_inside_a_place_of_this_register(db):
    owner, other = make_account(db), make_account(db)
    db.commit()
    assert add_place_from_form(owner.id, "Hall") == "Hall"
    path = add_place_from_form(owner.id, "Garderob", "Hall")
    assert path.startswith("Hall") and path.endswith("Garderob")
    assert add_place_from_form(owner.id, "garderob", "Hall") == path  # reused, not doubled
    with pytest.raises(ValidationFailed):
        add_place_from_form(other.id, "Låda", "Hall")  # another register's place is no parent
    with pytest.raises(ValidationFailed):
        add_place_from_form(owner.id, "", "")
    db.expire_all()
    assert sorted(loc.name for loc in db.exec(select(Location).where(Location.account_id == owner.id)).all()) == [
        "Garderob", "Hall"]
    assert db.exec(select(Location).where(Location.account_id == other.id)).all() == []
