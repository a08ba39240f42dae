"""Categories, the location tree, tags and custom fields."""
import pytest

from cleverstore.services.register import catalogue, items
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from tests.helpers.factories import make_account, make_item


def test_location_paths_build_a_tree_and_filters_include_what_is_inside(db):
    account = make_account(db)
    make_item(db, account, name="Säng", location="Huset › Övervåningen › Sovrum")
    make_item(db, account, name="Cykel", location="Huset / Garage")
    make_item(db, account, name="Båt", location="Sjöboden")
    paths = [node.path for node in catalogue.location_tree(db, account.id)]
    assert paths == ["Huset", "Huset › Garage", "Huset › Övervåningen", "Huset › Övervåningen › Sovrum", "Sjöboden"]
    house = catalogue.location_at_path(db, account.id, "huset")
    inside = items.list_items(db, account.id, ItemQuery(location_id=house.id))
    assert sorted(v.item.name for v in inside.rows) == ["Cykel", "Säng"]


def test_moving_a_location_never_puts_it_inside_itself(db):
    account = make_account(db)
    room = catalogue.location_at_path(db, account.id, "Huset › Kök › Skafferi")
    house = catalogue.location_at_path(db, account.id, "Huset")
    with pytest.raises(ValidationFailed) as failed:
        catalogue.move_location(db, account.id, house.id, room.id)
    assert failed.value.errors == {"parent_id": "error.location_inside_itself"}
    shed = catalogue.save_location(db, account.id, {"name": "Förråd"})
    catalogue.move_location(db, account.id, room.id, shed.id)
    assert catalogue.location_paths(db, account.id)[room.id] == "Förråd › Skafferi"


def test_deleting_a_location_keeps_its_objects(db):
    account = make_account(db)
    item = make_item(db, account, name="Säng", location="Huset › Sovrum")
    catalogue.delete_location(db, account.id, catalogue.location_at_path(db, account.id, "Huset").id)
    assert catalogue.location_tree(db, account.id) == []
    assert items.get_item(db, account.id, item.id).location_id is None


def test_category_names_are_unique_and_life_is_checked(db):
    account = make_account(db)
    catalogue.save_category(db, account.id, {"name": "Verktyg", "useful_life_years": "10"})
    with pytest.raises(ValidationFailed) as failed:
        catalogue.save_category(db, account.id, {"name": "verktyg"})
    assert failed.value.errors == {"name": "error.name_taken"}
    with pytest.raises(ValidationFailed) as failed:
        catalogue.save_category(db, account.id, {"name": "Kök", "useful_life_years": "-2"})
    assert failed.value.errors == {"useful_life_years": "error.number_range"}


def test_tags_and_custom_fields_on_an_object(db):
    account = make_account(db)
    year = catalogue.save_custom_field(db, account.id, {"name": "Årsmodell", "kind": "number"})
    checked = catalogue.save_custom_field(db, account.id, {"name": "Besiktad", "kind": "date"})
    with pytest.raises(ValidationFailed) as failed:
        make_item(db, account, name="Bil", **{f"cf_{year.id}": "gammal", f"cf_{checked.id}": "igår"})
    assert failed.value.errors == {f"cf_{year.id}": "error.number_invalid", f"cf_{checked.id}": "error.date_invalid"}
    item = make_item(db, account, name="Bil", tags="Fordon, försäkrat; fordon",
                     **{f"cf_{year.id}": "2 018", f"cf_{checked.id}": "2026-05-01"})
    assert catalogue.tags_of(db, [item.id]) == {item.id: ["Fordon", "försäkrat"]}
    assert items.custom_values(db, item.id) == {year.id: "2018", checked.id: "2026-05-01"}
    tag_id = next(t.id for t in catalogue.tags(db, account.id) if t.name == "Fordon")
    assert items.list_items(db, account.id, ItemQuery(tag_id=tag_id)).matching == 1


def test_another_customers_rows_are_not_found(db):
    owner, intruder = make_account(db), make_account(db)
    category = catalogue.save_category(db, owner.id, {"name": "Konst"})
    location = catalogue.save_location(db, owner.id, {"name": "Villan"})
    field = catalogue.save_custom_field(db, owner.id, {"name": "Konstnär", "kind": "text"})
    for call in (lambda: catalogue.save_category(db, intruder.id, {"name": "X"}, category.id),
                 lambda: catalogue.delete_category(db, intruder.id, category.id),
                 lambda: catalogue.delete_location(db, intruder.id, location.id),
                 lambda: catalogue.move_location(db, intruder.id, location.id, ""),
                 lambda: catalogue.save_location(db, intruder.id, {"name": "Min", "parent_id": location.id}),
                 lambda: catalogue.delete_custom_field(db, intruder.id, field.id)):
        with pytest.raises(NotFound):
            call()
    assert catalogue.categories(db, owner.id)[0].name == "Konst"
    assert catalogue.location_tree(db, owner.id)[0].name == "Villan"
    assert catalogue.custom_fields(db, intruder.id) == []
