"""The yearly re-inventory: progress per place and register, the order of the walk, each answer's effect,
and that another customer's objects and places are refused."""
from datetime import date, timedelta

import pytest
from sqlmodel import select

from cleverstore.models import ActivityEvent, Item, ItemChange, ItemFile
from cleverstore.services import register
from cleverstore.services.register import files, reinventory
from cleverstore.services.shared import NotFound, ValidationFailed
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import png_bytes

TODAY = date(2026, 12, 7)


@pytest.fixture()
def home(db):
    """Olga's register: three objects in the kitchen, one in the bedroom, one without a place; and Ivar."""
    owner, other = make_account(db, name="Olga"), make_account(db, name="Ivar")
    kitchen = {name: make_item(db, owner, name=name, location="Hus › Kök") for name in ("Brödrost", "Kaffebryggare",
                                                                                        "Mixer")}
    bed = make_item(db, owner, name="Sänglampa", location="Hus › Sovrum")
    loose = make_item(db, owner, name="Paraply")
    theirs = make_item(db, other, name="Deras cykel", location="Garage")
    db.commit()
    return owner, other, kitchen, bed, loose, theirs


def _place(walk, path):
    return next(p for p in walk.places if p.path == path)


def test_the_round_is_the_last_twelve_months():
    assert reinventory.round_start(TODAY) == date(2025, 12, 7)
    assert reinventory.round_start(date(2028, 2, 29)) == date(2027, 2, 28)
    assert reinventory.is_checked(date(2025, 12, 7), TODAY)
    assert not reinventory.is_checked(date(2025, 12, 6), TODAY)
    assert not reinventory.is_checked(None, TODAY)


def test_progress_per_place_and_register_and_unchecked_objects_first(db, home):
    owner, _other, kitchen, _bed, _loose, _theirs = home
    walk = register.inventory_walk(owner.id, today=TODAY)
    assert (walk.checked, walk.total) == (0, 5)
    assert [p.path for p in walk.places] == ["Hus › Kök", "Hus › Sovrum", ""]  # tree order, no place last
    assert walk.places[-1].key == register.NO_PLACE_KEY
    assert walk.place.path == "Hus › Kök" and [o.name for o in walk.objects] == ["Brödrost", "Kaffebryggare", "Mixer"]

    register.check_item(owner.id, kitchen["Brödrost"].id, "still_here", actor="Olga", today=TODAY)
    walk = register.inventory_walk(owner.id, _place(walk, "Hus › Kök").key, today=TODAY)
    assert (walk.checked, walk.total) == (1, 5)
    assert (walk.place.checked, walk.place.total) == (1, 3)
    assert [o.name for o in walk.objects] == ["Kaffebryggare", "Mixer", "Brödrost"]  # not yet checked first
    assert walk.objects[-1].checked and walk.objects[-1].last_checked_on == TODAY
    assert walk.last_checked_on == TODAY

    # a year and a day later the check no longer counts: the next round asks again
    later = TODAY + timedelta(days=366)
    assert register.inventory_walk(owner.id, today=later).checked == 0


def test_an_unknown_place_opens_the_first_place_with_objects_left(db, home):
    owner, _other, kitchen, _bed, _loose, _theirs = home
    for item in kitchen.values():
        register.check_item(owner.id, item.id, "still_here", today=TODAY)
    walk = register.inventory_walk(owner.id, "99999", today=TODAY)
    assert walk.place.path == "Hus › Sovrum"
    assert _place(walk, "Hus › Kök").done


def test_still_here_stamps_the_day_and_records_history_and_activity(db, home):
    owner, _other, kitchen, _bed, _loose, _theirs = home
    item_id = kitchen["Mixer"].id
    done = register.check_item(owner.id, item_id, "still_here", actor="Olga", today=TODAY)
    assert done.name == "Mixer" and done.checked_on == TODAY
    db.expire_all()
    assert db.get(Item, item_id).last_checked_on == TODAY
    change = db.exec(select(ItemChange).where(ItemChange.item_id == item_id,
                                              ItemChange.field_name == "last_checked")).one()
    assert (change.old_value, change.new_value, change.actor) == ("", "2026-12-07", "Olga")
    kinds = db.exec(select(ActivityEvent.kind).where(ActivityEvent.account_id == owner.id)).all()
    assert "item_checked_still_here" in kinds


def test_still_here_finds_a_lost_object_again(db, home):
    owner, _other, _kitchen, bed, _loose, _theirs = home
    register.check_item(owner.id, bed.id, "gone", gone_as="lost", today=TODAY)
    db.expire_all()
    assert db.get(Item, bed.id).lost_date == TODAY
    register.check_item(owner.id, bed.id, "still_here", today=TODAY)
    db.expire_all()
    found = db.get(Item, bed.id)
    assert found.status == "in_use" and found.lost_date is None


def test_moved_changes_the_place_and_the_progress_of_both_places(db, home):
    owner, _other, kitchen, _bed, _loose, _theirs = home
    walk = register.inventory_walk(owner.id, today=TODAY)
    bedroom = _place(walk, "Hus › Sovrum").key
    register.check_item(owner.id, kitchen["Mixer"].id, "moved", place_id=bedroom, actor="Olga", today=TODAY)
    walk = register.inventory_walk(owner.id, bedroom, today=TODAY)
    assert (walk.place.checked, walk.place.total) == (1, 2)
    assert (_place(walk, "Hus › Kök").checked, _place(walk, "Hus › Kök").total) == (0, 2)
    change = db.exec(select(ItemChange).where(ItemChange.item_id == kitchen["Mixer"].id,
                                              ItemChange.field_name == "location")).one()
    assert (change.old_value, change.new_value) == ("Hus › Kök", "Hus › Sovrum")
    with pytest.raises(ValidationFailed) as refused:
        register.check_item(owner.id, kitchen["Brödrost"].id, "moved", place_id="", today=TODAY)
    assert refused.value.errors == {"location": "inventory.choose_place"}


def test_gone_as_sold_wants_a_sold_date_and_stays_in_this_rounds_count(db, home):
    owner, _other, kitchen, _bed, _loose, _theirs = home
    item_id = kitchen["Kaffebryggare"].id
    with pytest.raises(ValidationFailed) as refused:
        register.check_item(owner.id, item_id, "gone", gone_as="sold", sold_date="", today=TODAY)
    assert refused.value.errors == {"sold_date": "error.sold_date_required"}
    with pytest.raises(ValidationFailed) as refused:
        register.check_item(owner.id, item_id, "gone", gone_as="sold", sold_date="2027-01-01", today=TODAY)
    assert refused.value.errors == {"sold_date": "error.date_in_future"}
    with pytest.raises(ValidationFailed):
        register.check_item(owner.id, item_id, "gone", gone_as="in_use", today=TODAY)
    db.expire_all()
    untouched = db.get(Item, item_id)
    assert untouched.status == "in_use" and untouched.last_checked_on is None  # a refusal changes nothing

    register.check_item(owner.id, item_id, "gone", gone_as="sold", sold_date="2026-11-30", actor="Olga", today=TODAY)
    db.expire_all()
    sold = db.get(Item, item_id)
    assert (sold.status, sold.sold_date, sold.last_checked_on) == ("sold", date(2026, 11, 30), TODAY)
    walk = register.inventory_walk(owner.id, today=TODAY)
    assert (walk.checked, walk.total) == (1, 5)  # the sold object still counts in the round it was answered
    assert register.inventory_walk(owner.id, today=TODAY + timedelta(days=366)).total == 4


def test_gone_as_discarded(db, home):
    owner, _other, _kitchen, _bed, loose, _theirs = home
    register.check_item(owner.id, loose.id, "gone", gone_as="discarded", today=TODAY)
    db.expire_all()
    assert db.get(Item, loose.id).status == "discarded"


def test_new_photo_needs_a_photo_just_taken_and_makes_it_the_main_one(db, home):
    owner, _other, kitchen, _bed, _loose, _theirs = home
    item_id = kitchen["Brödrost"].id
    with pytest.raises(ValidationFailed) as refused:
        register.check_item(owner.id, item_id, "new_photo", today=TODAY)
    assert refused.value.errors == {"photo": "inventory.no_photo"}
    first = files.attach(db, owner.id, item_id, "photo", png_bytes(), "gammal.png")
    first.created_at -= timedelta(days=30)
    db.add(first)
    db.commit()
    with pytest.raises(ValidationFailed):  # an old photo is not a new one
        register.check_item(owner.id, item_id, "new_photo", today=TODAY)
    newest = files.attach(db, owner.id, item_id, "photo", png_bytes(), "ny.png")
    db.commit()
    register.check_item(owner.id, item_id, "new_photo", today=TODAY)
    db.expire_all()
    assert db.get(ItemFile, newest.id).is_main and not db.get(ItemFile, first.id).is_main
    assert db.get(Item, item_id).last_checked_on == TODAY


def test_another_customers_object_or_place_is_refused(db, home):
    owner, other, kitchen, _bed, _loose, theirs = home
    with pytest.raises(NotFound):
        register.check_item(owner.id, theirs.id, "still_here", today=TODAY)
    garage = register.inventory_walk(other.id, today=TODAY).places[0].key
    with pytest.raises(NotFound):
        register.check_item(owner.id, kitchen["Mixer"].id, "moved", place_id=garage, today=TODAY)
    with pytest.raises(ValidationFailed):
        register.check_item(owner.id, kitchen["Mixer"].id, "dance", today=TODAY)
    db.expire_all()
    assert db.get(Item, theirs.id).last_checked_on is None
    assert db.get(Item, kitchen["Mixer"].id).location_id != int(garage)
    assert register.inventory_walk(owner.id, garage, today=TODAY).place.path == "Hus › Kök"  # not shown


def test_the_dashboard_counts_the_owned_objects_this_round_has_not_confirmed(db, home):
    from cleverstore.services.register import dashboard

    owner, other, kitchen, _bed, _loose, _theirs = home
    assert reinventory.not_checked(db, owner.id, TODAY) == 5
    register.check_item(owner.id, kitchen["Brödrost"].id, "still_here", actor="Olga", today=TODAY)
    register.check_item(owner.id, kitchen["Mixer"].id, "gone", gone_as="discarded", actor="Olga", today=TODAY)
    db.expire_all()
    assert reinventory.not_checked(db, owner.id, TODAY) == 3  # checked, and gone (no longer owned), both leave it
    assert reinventory.not_checked(db, owner.id, TODAY + timedelta(days=366)) == 4  # next round: the toaster again
    assert reinventory.not_checked(db, other.id, TODAY) == 1
    assert dashboard.build(db, owner.id, today=TODAY).not_checked == 3
