"""During maintenance a page keeps its address and shows only the message; buttons that delete or shut an
account off are red and need one more step."""
from cleverstore.pages.admin.customers import customer_page
from cleverstore.pages.privacy import privacy_page
from cleverstore.services.admin import maintenance
from cleverstore.state.base import AppState
from cleverstore.state.security import SecurityState
from cleverstore.state.support import SupportState
from tests.helpers.factories import event_names, make_account, make_admin, signed_in_token, state_for


def _rendered(page) -> str:
    return str(getattr(page, "__wrapped__", page)().render())


def test_during_maintenance_no_page_is_sent_to_login(db):
    admin, _ = make_admin(db)
    account = make_account(db)
    token = signed_in_token(db, account)
    maintenance.switch_on(db, admin.id, "Vi uppgraderar", "We are upgrading", None)
    db.commit()
    for state_cls, path in ((SecurityState, "/security"), (SupportState, "/support")):
        for who in (token, ""):  # the signed-in customer, and a visitor
            state = state_for(state_cls, token=who, path=path)
            assert event_names(state.on_load()) == [], (state_cls, who)
            assert state.in_maintenance
    assert event_names(state_for(AppState, path="/security").require_signed_in()) == []
    maintenance.switch_off(db, admin.id)
    db.commit()
    assert event_names(state_for(SecurityState, path="/security").on_load()) == ["_redirect"]


def test_erasing_the_account_and_suspending_a_customer_are_red_and_confirmed():
    privacy = _rendered(privacy_page)
    assert '"erase-submit"' in privacy and "button button-danger" in privacy
    assert "erase_confirm" in privacy  # the box to tick first
    admin = _rendered(customer_page)
    assert '"admin-suspend-submit"' in admin and "button button-danger" in admin
    assert "confirm-step" in admin and "details" in admin
