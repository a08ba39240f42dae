"""Is the household properly insured: contents sum, theft-prone limit (amount or share), single-item limit."""
from __future__ import annotations

import pytest
from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.models import Location
from cleverstore.services import insurance
from cleverstore.services.insurance import theft_prone
from cleverstore.services.shared import ValidationFailed
from tests.helpers.factories import make_account, make_item


def _policy(account_id: int, **values: str) -> int:
    form = {"company": "Folksam", "policy_number": "HV-1", "kind": "home", "contents_sum": "100 000"}
    form.update(values)
    return insurance.save_policy(account_id, form)


@pytest.fixture()
def anna(db_url):
    with session_scope() as db:
        return make_account(db, email="anna@example.se").id


def _items(account_id: int, *rows: dict) -> list[int]:
    from cleverstore.models import Account
    with session_scope() as db:
        account = db.get(Account, account_id)
        return [make_item(db, account, **row).id for row in rows]


def _place(account_id: int, path: str) -> int:
    from cleverstore.services.register import catalogue
    with session_scope() as db:
        return catalogue.location_at_path(db, account_id, path).id


def test_quantities_count_and_sold_or_discarded_do_not(anna):
    _items(anna,
           {"name": "Stolar", "quantity": "6", "replacement_value": "2 000"},      # 12 000
           {"name": "Soffa", "replacement_value": "30 000"},                      # 30 000
           {"name": "Såld tv", "replacement_value": "50 000", "status": "sold", "sold_date": "2026-01-02"},
           {"name": "Slängd matta", "replacement_value": "9 000", "status": "discarded"})
    _policy(anna, contents_sum="40 000")
    check = insurance.insurance_check(anna).policies[0]
    assert (check.objects, check.value_ore) == (2, 42_000_00)
    assert check.under_ore == 2_000_00
    assert check.under_insured


def test_a_sufficient_contents_sum_says_so(anna):
    _items(anna, {"name": "Soffa", "replacement_value": "30 000"})
    _policy(anna, contents_sum="500 000")
    coverage = insurance.insurance_check(anna)
    assert coverage.policies[0].under_ore == 0
    assert not coverage.under_insured


def test_purchase_price_stands_in_and_objects_without_value_are_counted_apart(anna):
    _items(anna, {"name": "Cykel", "purchase_price": "8 000", "quantity": "2"},
           {"name": "Okänd", "quantity": "3"},
           {"name": "Lampa", "purchase_price": "100", "replacement_value": "500"})
    _policy(anna)
    check = insurance.insurance_check(anna).policies[0]
    assert check.value_ore == 16_000_00 + 500_00
    assert (check.at_purchase_price, check.without_value) == (1, 1)


def test_places_carry_their_policy_down_and_several_policies_are_kept_apart(anna):
    villa = _place(anna, "Villan")
    kitchen = _place(anna, "Villan › Kök")
    summer = _place(anna, "Sommarstugan")
    loft = _place(anna, "Sommarstugan › Loft")
    garage = _place(anna, "Garaget")
    villa_policy = insurance.save_policy(anna, {"company": "If", "kind": "villa", "contents_sum": "100 000"},
                                         [villa])
    summer_policy = insurance.save_policy(anna, {"company": "Länsförsäkringar", "kind": "holiday_home",
                                                 "contents_sum": "10 000"}, [summer])
    ids = _items(anna, {"name": "Kylskåp", "replacement_value": "20 000"},
                 {"name": "Båtmotor", "replacement_value": "25 000", "quantity": "1"},
                 {"name": "Gräsklippare", "replacement_value": "4 000"})
    with session_scope() as db:
        from cleverstore.models import Item
        for item_id, place in zip(ids, (kitchen, loft, garage)):
            db.get(Item, item_id).location_id = place
    coverage = insurance.insurance_check(anna)
    by_id = {check.policy_id: check for check in coverage.policies}
    assert by_id[villa_policy].value_ore == 20_000_00 and by_id[villa_policy].under_ore == 0
    assert by_id[summer_policy].value_ore == 25_000_00 and by_id[summer_policy].under_ore == 15_000_00
    # two household policies: the garage names none, so its object is outside every policy
    assert (coverage.outside_objects, coverage.outside_value_ore) == (1, 4_000_00)
    # a sub-place naming its own policy wins over its parent's
    insurance.save_policy(anna, {"id": str(villa_policy), "company": "If", "kind": "villa",
                                 "contents_sum": "100 000"}, [villa, loft])
    by_id = {c.policy_id: c for c in insurance.insurance_check(anna).policies}
    assert by_id[villa_policy].value_ore == 45_000_00 and by_id[summer_policy].value_ore == 0


def test_one_household_policy_covers_objects_without_a_place(anna):
    _items(anna, {"name": "Soffa", "replacement_value": "30 000"})
    _policy(anna)
    coverage = insurance.insurance_check(anna)
    assert coverage.policies[0].objects == 1 and coverage.outside_objects == 0


def _categorised(account_id: int) -> None:
    _items(account_id,
           {"name": "Ring", "category": "Smycken", "replacement_value": "30 000"},
           {"name": "Armbandsur", "category": "Klockor", "replacement_value": "20 000", "quantity": "2"},
           {"name": "Soffa", "category": "Möbler", "replacement_value": "20 000"})


def test_theft_prone_limit_as_an_amount(anna):
    _categorised(anna)
    _policy(anna, contents_sum="500 000", theft_limit="50 000")
    check = insurance.insurance_check(anna).policies[0]
    assert check.theft_value_ore == 70_000_00
    assert check.theft_limit_ore == 50_000_00 and check.theft_under_ore == 20_000_00
    # the most valuable theft-prone object first
    assert [name for _id, name in check.separate_cover] == ["Armbandsur"]


def test_theft_prone_limit_as_a_share_of_the_contents_sum(anna):
    _categorised(anna)
    _policy(anna, contents_sum="250 000", theft_limit_percent="20 %")
    check = insurance.insurance_check(anna).policies[0]
    assert check.theft_limit_ore == 50_000_00 and check.theft_under_ore == 20_000_00
    _policy_id = check.policy_id
    insurance.save_policy(anna, {"id": str(_policy_id), "company": "Folksam", "kind": "home",
                                 "contents_sum": "500 000", "theft_limit_percent": "15"})
    check = insurance.insurance_check(anna).policies[0]
    assert check.theft_limit_ore == 75_000_00 and check.theft_under_ore == 0 and check.separate_cover == []


def test_the_customer_decides_which_categories_are_theft_prone(anna):
    _categorised(anna)
    _policy(anna, contents_sum="500 000", theft_limit="10 000")
    assert insurance.insurance_check(anna).policies[0].theft_value_ore == 70_000_00
    insurance.save_theft_prone_words(anna, "smycke\nmöbler")
    assert insurance.theft_prone_words(anna) == ("smycke", "möbler")
    assert insurance.insurance_check(anna).policies[0].theft_value_ore == 50_000_00
    assert insurance.reset_theft_prone_words(anna) == theft_prone.DEFAULT_WORDS
    assert insurance.insurance_check(anna).policies[0].theft_value_ore == 70_000_00


@pytest.mark.parametrize(("category", "expected"), [
    ("Smycken", True), ("Hemelektronik", True), ("Mobiltelefoner", True), ("Vin och sprit", True),
    ("Konst & tavlor", True), ("Möbler", False), ("Gravinredning", False), ("", False)])
def test_default_words_match_swedish_category_names(category, expected):
    assert theft_prone.is_theft_prone(category, theft_prone.DEFAULT_WORDS) is expected


def test_single_item_limit_is_per_piece(anna):
    _items(anna, {"name": "Tavla", "replacement_value": "120 000"},
           {"name": "Stolar", "replacement_value": "5 000", "quantity": "10"},
           {"name": "Såld flygel", "replacement_value": "300 000", "status": "sold", "sold_date": "2026-01-02"})
    _policy(anna, contents_sum="1 000 000", single_item_limit="80 000")
    check = insurance.insurance_check(anna).policies[0]
    assert [(o.name, o.over_ore) for o in check.over_single_limit] == [("Tavla", 40_000_00)]
    assert [name for _id, name in check.separate_cover] == ["Tavla"]


def test_an_object_on_separate_cover_counts_there_only(anna):
    ring, soffa = _items(anna, {"name": "Ring", "category": "Smycken", "replacement_value": "90 000"},
                         {"name": "Soffa", "replacement_value": "20 000"})
    home = _policy(anna, contents_sum="50 000", theft_limit="30 000")
    allrisk = insurance.save_policy(anna, {"company": "Hedvig", "kind": "allrisk", "contents_sum": "100 000"})
    insurance.put_on_separate_cover(anna, ring, allrisk)
    by_id = {c.policy_id: c for c in insurance.insurance_check(anna).policies}
    assert by_id[home].value_ore == 20_000_00 and not by_id[home].under_insured
    assert by_id[allrisk].value_ore == 90_000_00 and by_id[allrisk].under_ore == 0
    with pytest.raises(ValidationFailed):
        insurance.put_on_separate_cover(anna, soffa, home)  # a household policy is no separate cover
    insurance.delete_policy(anna, allrisk)
    assert insurance.insurance_check(anna).policies[0].value_ore == 110_000_00


def test_deleting_a_policy_frees_its_places(anna):
    villa = _place(anna, "Villan")
    policy = insurance.save_policy(anna, {"company": "If", "kind": "villa", "contents_sum": "1"}, [villa])
    insurance.delete_policy(anna, policy)
    with session_scope() as db:
        assert db.exec(select(Location.policy_id).where(Location.id == villa)).one() is None
    assert insurance.list_policies(anna).policies == ()
