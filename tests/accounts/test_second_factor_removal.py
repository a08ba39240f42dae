"""The customer's side of removing a lost second factor: only their own link, only after two admins agreed."""
import pyotp
from sqlmodel import select

from cleverstore.models import OutgoingMail, SecondFactorRemoval
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import (
    email_tokens,
    second_factor_removal,
    two_factor,
)
from tests.helpers.factories import make_account


def _customer(db):
    customer = make_account(db)
    customer.email_verified_at = utcnow()
    db.add(customer)
    secret = two_factor.begin_setup(db, customer.id)
    two_factor.confirm_setup(db, customer.id, pyotp.TOTP(secret).now())
    return customer


def test_a_link_without_two_admins_agreeing_starts_nothing(db):
    customer = _customer(db)
    db.add(SecondFactorRemoval(account_id=customer.id, requested_by=1, reason="bara en admin"))
    db.flush()
    token = email_tokens.issue(db, customer.id, second_factor_removal.CONFIRM)
    assert second_factor_removal.confirm(db, token) is None
    assert db.exec(select(SecondFactorRemoval)).one().removes_at is None


def test_one_customers_stop_link_never_touches_anothers_request(db):
    mine, theirs = _customer(db), _customer(db)
    for customer in (mine, theirs):
        request = SecondFactorRemoval(account_id=customer.id, requested_by=1, approved_by=2, reason="styrkt",
                                      approved_at=utcnow())
        db.add(request)
        db.flush()
        second_factor_removal.send_link(db, request)
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "second_factor_removal_link",
                                              OutgoingMail.to_address == mine.email)).one()
    second_factor_removal.confirm(db, mail.body.split("token=")[1].split()[0])
    stop_mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "second_factor_removal_waiting")).one()
    assert stop_mail.to_address == mine.email
    assert second_factor_removal.stop(db, stop_mail.body.split("token=")[1].split()[0])
    assert second_factor_removal.open_request(db, mine.id) is None
    assert second_factor_removal.open_request(db, theirs.id) is not None
