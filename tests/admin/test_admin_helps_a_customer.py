"""An admin helps a customer: a new verification link, and the removal of a lost second factor
(two admins, the customer's own link, a waiting period the customer can stop, never the register)."""
import re
from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from cleverstore.models import AuditEntry, OutgoingMail, SecondFactorRemoval
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import second_factor_removal, two_factor
from cleverstore.services.admin import second_factor_help
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.admin.customers import AdminCustomerState
from tests.helpers.factories import (
    admin_token,
    make_account,
    make_admin,
    make_item,
    state_for,
)


def _mail(db, account, kind):
    return db.exec(select(OutgoingMail).where(OutgoingMail.kind == kind, OutgoingMail.to_address == account.email)
                   .order_by(OutgoingMail.id.desc())).first()


def _token(mail) -> str:
    return re.search(r"token=([\w-]+)", mail.body).group(1)


def _audit(db, action):
    return db.exec(select(AuditEntry).where(AuditEntry.action == action)).all()


def _with_second_factor(db, verified=True):
    customer = make_account(db, name="Tove Tappat")
    if verified:
        customer.email_verified_at = utcnow()
        db.add(customer)
    secret = two_factor.begin_setup(db, customer.id)
    two_factor.confirm_setup(db, customer.id, pyotp.TOTP(secret).now())
    return customer


def test_admin_resends_the_verification_link_audited_and_the_customer_mailed(db):
    admin, _ = make_admin(db)
    customer = make_account(db)
    second_factor_help.resend_verification(db, admin.id, customer.id)
    assert "/auth/verify?token=" in _mail(db, customer, "verify").body
    assert [(a.admin_id, a.target_id) for a in _audit(db, "verification_resent")] == [(admin.id, str(customer.id))]
    customer.email_verified_at = utcnow()
    db.add(customer)
    with pytest.raises(ValidationFailed) as refused:
        second_factor_help.resend_verification(db, admin.id, customer.id)
    assert refused.value.errors == {"help": "error.already_verified"}


def test_removing_a_second_factor_needs_a_second_admin(db):
    first, _ = make_admin(db)
    second, _ = make_admin(db)
    customer = _with_second_factor(db)
    with pytest.raises(ValidationFailed):
        second_factor_help.propose_removal(db, first.id, customer.id, "kort")
    second_factor_help.propose_removal(db, first.id, customer.id, "Ringde, styrkte med BankID")
    assert _mail(db, customer, "second_factor_removal_link") is None  # nothing reaches the customer yet
    with pytest.raises(ValidationFailed) as refused:
        second_factor_help.approve_removal(db, first.id, customer.id)
    assert refused.value.errors == {"help": "error.second_admin_needed"}
    with pytest.raises(ValidationFailed):
        second_factor_help.propose_removal(db, second.id, customer.id, "En till begäran, samma kund")
    second_factor_help.approve_removal(db, second.id, customer.id)
    assert "/auth/second-factor-removal?token=" in _mail(db, customer, "second_factor_removal_link").body
    assert len(_audit(db, "second_factor_removal_proposed")) == 1
    assert [a.admin_id for a in _audit(db, "second_factor_removal_approved")] == [second.id]
    assert two_factor.is_enabled(db, customer.id)


def test_an_unverified_address_or_no_second_factor_is_refused(db):
    admin, _ = make_admin(db)
    unverified = _with_second_factor(db, verified=False)
    plain = make_account(db)
    with pytest.raises(ValidationFailed) as refused:
        second_factor_help.propose_removal(db, admin.id, unverified.id, "Styrkt med BankID")
    assert refused.value.errors == {"help": "error.address_not_verified"}
    with pytest.raises(ValidationFailed) as refused:
        second_factor_help.propose_removal(db, admin.id, plain.id, "Styrkt med BankID")
    assert refused.value.errors == {"help": "error.second_factor_off"}


def _approved(db):
    first, _ = make_admin(db)
    second, _ = make_admin(db)
    customer = _with_second_factor(db)
    second_factor_help.propose_removal(db, first.id, customer.id, "Ringde, styrkte med BankID")
    second_factor_help.approve_removal(db, second.id, customer.id)
    return customer


def test_nothing_happens_until_the_customer_opens_the_link_then_a_waiting_period(db):
    customer = _approved(db)
    second_factor_removal.finish_due(db, utcnow() + timedelta(days=30))
    assert two_factor.is_enabled(db, customer.id)  # not confirmed: the jobs do nothing
    link = _token(_mail(db, customer, "second_factor_removal_link"))
    assert second_factor_removal.confirm(db, "forged") is None
    removes_at = second_factor_removal.confirm(db, link)
    assert timedelta(hours=47) < removes_at - utcnow() <= timedelta(hours=48)
    assert second_factor_removal.confirm(db, link) is None  # single use
    assert "/auth/second-factor-removal/stop?token=" in _mail(db, customer, "second_factor_removal_waiting").body
    assert second_factor_removal.finish_due(db, utcnow() + timedelta(hours=47)) == 0
    assert two_factor.is_enabled(db, customer.id)
    assert second_factor_removal.finish_due(db, utcnow() + timedelta(hours=49)) == 1
    assert not two_factor.is_enabled(db, customer.id)
    assert _mail(db, customer, "second_factor_removed") is not None


def test_the_customer_stops_the_removal_from_the_notice(db):
    customer = _approved(db)
    second_factor_removal.confirm(db, _token(_mail(db, customer, "second_factor_removal_link")))
    stop = _token(_mail(db, customer, "second_factor_removal_waiting"))
    assert second_factor_removal.stop(db, stop)
    assert not second_factor_removal.stop(db, stop)
    assert second_factor_removal.finish_due(db, utcnow() + timedelta(days=10)) == 0
    assert two_factor.is_enabled(db, customer.id)
    assert _mail(db, customer, "second_factor_removal_stopped") is not None
    assert db.exec(select(SecondFactorRemoval)).one().stopped_at is not None


def test_the_admin_page_shows_the_request_never_the_register(db):
    first, _ = make_admin(db, "anna.admin@cleverstore.se")
    second, _ = make_admin(db)
    customer = _with_second_factor(db)
    make_item(db, customer, name="Hemlig klocka")
    first_token, second_token = admin_token(db, first), admin_token(db, second)
    db.commit()
    page = state_for(AdminCustomerState, admin=first_token, path="/admin/customer", query=f"id={customer.id}")
    page.on_load()
    assert page.help_box["second_factor_on"] == "1" and page.help_box["stage"] == ""
    page.propose_removal({"removal_reason": "x"})
    assert "removal_reason" in page.errors
    page.propose_removal({"removal_reason": "Ringde, styrkte med BankID"})
    assert page.help_box["stage_text"] == \
        "Föreslaget av anna.admin@cleverstore.se: en annan administratör måste godkänna."
    page.approve_removal()
    assert page.errors == {"help": "En annan administratör än den som föreslog måste godkänna."}
    other = state_for(AdminCustomerState, admin=second_token, path="/admin/customer", query=f"id={customer.id}")
    other.on_load()
    other.approve_removal()
    assert other.errors == {} and other.help_box["stage"] == "link_sent"
    shown = repr(other.customer) + repr(other.help_box)
    assert "Hemlig klocka" not in shown and other.access_thread == ""


def test_the_admin_resends_the_verification_from_the_customer_page(db):
    admin, _ = make_admin(db)
    customer = make_account(db)
    token = admin_token(db, admin)
    db.commit()
    page = state_for(AdminCustomerState, admin=token, path="/admin/customer", query=f"id={customer.id}")
    page.on_load()
    assert page.help_box["email_verified"] == ""
    page.resend_verification()
    assert page.message == "En ny verifieringslänk är skickad till kunden." and page.errors == {}


def test_the_scheduled_jobs_remove_the_factor_when_the_waiting_period_is_over(db):
    from cleverstore.services.operations import jobs

    customer = _approved(db)
    second_factor_removal.confirm(db, _token(_mail(db, customer, "second_factor_removal_link")))
    assert jobs.run_all(db)["second_factors_removed"] == 0
    request = db.exec(select(SecondFactorRemoval)).one()
    request.removes_at = utcnow() - timedelta(minutes=1)
    db.add(request)
    db.flush()
    assert jobs.run_all(db)["second_factors_removed"] == 1
    assert not two_factor.is_enabled(db, customer.id)
