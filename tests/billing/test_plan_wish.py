"""The plan chosen on the landing page: kept only when it is a plan in the catalogue."""
import pytest

from cleverstore.services.billing import PlanWish, pick_plan, wished_plan
from cleverstore.services.billing.plans import ensure_seeded


@pytest.mark.parametrize("value, chosen", [
    ("plus", "plus"), (" Plus ", "plus"), ("BAS", "bas"), ("superpro", "superpro"),
    ("gold", ""), ("", ""), (None, ""), ("plus'; drop table plan;--", ""), ("p" * 500, ""),
])
def test_only_a_plan_in_the_catalogue_is_kept(value, chosen):
    assert pick_plan(value, ("bas", "plus", "superpro")) == chosen


def test_the_wish_is_read_against_the_active_catalogue(db):
    ensure_seeded(db)
    db.commit()
    assert wished_plan("Plus") == PlanWish("plus", "Plus", by_agreement=False)
    assert wished_plan("superpro") == PlanWish("superpro", "SuperPro", by_agreement=True)
    assert wished_plan("platinum") is None
    assert wished_plan("") is None
