"""The dashboard says how many sold or discarded objects its totals leave out, as the register does."""
from cleverstore.state.dashboard import DashboardState
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for


def test_the_dashboard_names_the_objects_its_totals_leave_out(db):
    owner = make_account(db)
    make_item(db, owner, name="Cykel", purchase_price="4 500")
    make_item(db, owner, name="Gammal gräsklippare", purchase_price="2 000", status="sold", sold_date="2025-06-01")
    token = signed_in_token(db, owner)
    db.commit()
    page = state_for(DashboardState, token=token, path="/dashboard")
    page.on_load()
    assert page.totals["objects"] == "1"
    assert page.not_counted == "1 sålda eller kasserade föremål räknas inte i summorna."
