"""A suspended customer is told how to reach CleverStore: the phone number and e-mail from the terms."""
import asyncio

from cleverstore.services.admin import customers
from cleverstore.state.auth import LoginState
from tests.helpers.factories import PASSWORD, make_account, make_admin, state_for


def test_the_terms_give_the_phone_number_and_e_mail():
    from cleverstore.services.accounts import operator_contact

    contact = operator_contact()
    assert contact.phone == "073-875 39 33" and contact.email == "kundservice@cleverstore.se"


def test_a_suspended_customer_reads_how_to_contact_us_in_their_language(db):
    admin, _ = make_admin(db)
    account = make_account(db)
    customers.suspend(db, admin.id, account.id, "Bedrägeriannonser")
    db.commit()
    state = state_for(LoginState)
    asyncio.run(state.login({"email": account.email, "password": PASSWORD}))
    assert "073-875 39 33" in state.error and "kundservice@cleverstore.se" in state.error
    english = state_for(LoginState)
    english.lang = "en"
    asyncio.run(english.login({"email": account.email, "password": PASSWORD}))
    assert english.error.startswith("This account cannot be used") and "call 073-875 39 33" in english.error
