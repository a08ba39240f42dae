"""Logging in before the address is confirmed sends another link, and the first one keeps working: a customer
who opens the older mail is not told "the link no longer works". A changed address still ends the links that
went to the old one, and once one link is used the others are done."""
from __future__ import annotations

import asyncio

from sqlmodel import select

from cleverstore.models import Account, OutgoingMail
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import change_email_address, verification, verify_email
from cleverstore.state.auth import LoginState
from tests.helpers.factories import PASSWORD, make_account, signup_form, state_for


def _links(db, to: str) -> list[str]:
    db.expire_all()
    mails = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "verify", OutgoingMail.to_address == to)
                    .order_by(OutgoingMail.id)).all()
    return [m.body.split("token=")[1].split()[0] for m in mails]


def test_the_first_link_still_works_after_a_login_sent_a_new_one(db):
    account = accounts.sign_up(db, signup_form(email="forsta.lanken@example.se"))
    db.commit()
    state = state_for(LoginState)
    asyncio.run(state.login({"email": "forsta.lanken@example.se", "password": PASSWORD}))
    first, second = _links(db, "forsta.lanken@example.se")
    assert first != second
    assert verify_email(first)  # the older mail works
    db.expire_all()
    assert db.get(Account, account.id).activated_at is not None
    assert not verify_email(second)  # one link did the job: the other copies end with it


def test_a_changed_address_ends_the_links_sent_to_the_old_one(db):
    account = make_account(db, email="gammal.adress@example.se")
    verification.send_verification(db, account)
    db.commit()
    old_link = _links(db, "gammal.adress@example.se")[-1]
    change_email_address(account.id, "ny.adress@example.se", PASSWORD)
    assert not verify_email(old_link)
    (new_link,) = _links(db, "ny.adress@example.se")
    assert verify_email(new_link)
