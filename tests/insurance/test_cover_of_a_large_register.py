"""The cover check sums in the database (a register of 100 000 objects is never loaded): on a mixed register
its figures equal the rules applied object by object, and it reads only the objects it names."""
from __future__ import annotations

import random

from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.models import Category, InsurancePolicy, Item, Location
from cleverstore.services import insurance
from cleverstore.services.insurance import coverage, theft_prone
from cleverstore.services.shared import worth
from tests.helpers.factories import make_account


def _register(db, account_id: int) -> None:
    rng = random.Random(3)
    categories = [Category(account_id=account_id, name=name) for name in ("Smycken", "Möbler", "Hemelektronik")]
    villa, stuga, garage = (Location(account_id=account_id, name=name) for name in ("Villan", "Stugan", "Garaget"))
    db.add_all([*categories, villa, stuga, garage])
    db.flush()
    kitchen = Location(account_id=account_id, name="Kök", parent_id=villa.id)
    home = InsurancePolicy(account_id=account_id, company="If", kind="villa", contents_sum_ore=900_000_00,
                           theft_limit_percent=10, single_item_limit_ore=60_000_00)
    holiday = InsurancePolicy(account_id=account_id, company="LF", kind="holiday_home", contents_sum_ore=50_000_00,
                              theft_limit_ore=5_000_00)
    allrisk = InsurancePolicy(account_id=account_id, company="If", kind="allrisk", contents_sum_ore=100_000_00)
    db.add_all([kitchen, home, holiday, allrisk])
    db.flush()
    villa.policy_id, stuga.policy_id = home.id, holiday.id
    for number in range(90):
        db.add(Item(account_id=account_id, name=f"Sak {number}", quantity=1 + number % 3,
                    category_id=None if number % 7 == 0 else categories[number % 3].id,
                    location_id=(None, villa.id, kitchen.id, stuga.id, garage.id)[number % 5],
                    purchase_price_ore=None if number % 6 == 0 else rng.randint(1, 80_000_00),
                    replacement_value_ore=rng.randint(1, 90_000_00) if number % 2 else None,
                    status=("in_use", "lost", "sold", "discarded", "lent_out", "in_use")[number % 6],
                    policy_id=allrisk.id if number % 13 == 0 else None))
    db.flush()


def _by_hand(db, account_id: int) -> dict:
    """Each policy's figures, object by object, by the rules `coverage` states."""
    policies = coverage.policies_of(db, account_id)
    known = {p.id for p in policies}
    household = [p.id for p in policies if p.kind != "allrisk"]
    places = coverage.place_policies(db, account_id, policies)
    words = theft_prone.words_for(db, account_id)
    names = dict(db.exec(select(Category.id, Category.name)).all())
    found: dict = {}
    for item in db.exec(select(Item).where(Item.account_id == account_id).order_by(Item.id)).all():
        if not worth.is_owned(item.status):
            continue
        key = coverage.policy_of(item.policy_id if item.policy_id in known else None, item.location_id, places,
                                 household[0] if len(household) == 1 else None)
        per_piece = item.replacement_value_ore if item.replacement_value_ore is not None else item.purchase_price_ore
        total = worth.line_total(per_piece, item.quantity) or 0
        figures = found.setdefault(key, {"objects": 0, "value": 0, "theft": 0, "at_purchase": 0, "without": 0,
                                         "pieces": []})
        figures["objects"] += 1
        figures["value"] += total
        figures["theft"] += total if theft_prone.is_theft_prone(names.get(item.category_id), words) else 0
        figures["at_purchase"] += item.replacement_value_ore is None and item.purchase_price_ore is not None
        figures["without"] += per_piece is None
        figures["pieces"].append((item.id, per_piece))
    return found


def test_each_policy_sums_what_the_rules_say_object_by_object(db_url):
    with session_scope() as db:
        account_id = make_account(db).id
        _register(db, account_id)
    with session_scope() as db:
        expected = _by_hand(db, account_id)
    checked = insurance.insurance_check(account_id)
    assert len(checked.policies) == 3
    for check in checked.policies:
        figures = expected.get(check.policy_id, {"objects": 0, "value": 0, "theft": 0, "at_purchase": 0,
                                                 "without": 0, "pieces": []})
        assert (check.objects, check.value_ore, check.theft_value_ore, check.at_purchase_price,
                check.without_value) == tuple(figures[k] for k in ("objects", "value", "theft", "at_purchase",
                                                                   "without")), check.company
        if check.single_item_limit_ore is not None:
            over = sorted(((-p, i) for i, p in figures["pieces"] if p is not None and p > check.single_item_limit_ore))
            assert [o.id for o in check.over_single_limit] == [i for _p, i in over]
        if check.kind == "allrisk":
            assert [i for i, _name in check.on_cover] == [i for i, _p in figures["pieces"]]
    outside = expected.get(None, {"objects": 0, "value": 0})
    assert (checked.outside_objects, checked.outside_value_ore) == (outside["objects"], outside["value"])
    home = next(c for c in checked.policies if c.kind == "villa")
    assert home.theft_under_ore > 0 and home.separate_cover  # the most valuable theft-prone objects, until within


def test_the_check_reads_one_by_one_only_the_objects_it_names(db_url, monkeypatch):
    """Summed by policy, place and theft-proneness in the database: objects come back one by one only for the
    lists the check shows (on an allrisk cover, above a single-item limit, suggested for separate cover)."""
    with session_scope() as db:
        account_id = make_account(db).id
        _register(db, account_id)
        for item in db.exec(select(Item).where(Item.account_id == account_id)).all():
            item.replacement_value_ore, item.purchase_price_ore = 100, 100  # nothing over a limit, nothing to name
    fetched = []
    original = coverage._objects

    def watched(*args, **kwargs):
        for found in original(*args, **kwargs):
            fetched.append(found)
            yield found

    monkeypatch.setattr(coverage, "_objects", watched)
    checked = insurance.insurance_check(account_id)
    assert sum(check.objects for check in checked.policies) + checked.outside_objects > 40
    assert len(fetched) == next(c for c in checked.policies if c.kind == "allrisk").objects > 0
