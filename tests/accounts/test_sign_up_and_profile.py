import pytest
from sqlmodel import func, select

from cleverstore.models import Account, OutgoingMail
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import passwords
from cleverstore.services.accounts.terms import current_terms_version
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import PASSWORD, make_account, signup_form


def test_private_sign_up_stores_clean_details_and_terms_acceptance(db):
    account = accounts.sign_up(db, signup_form(email=" Anna@Example.SE ", phone="070 123 45 67", postal_code="11122"))
    assert account.email == "anna@example.se"
    assert account.phone == "+46701234567"
    assert account.postal_code == "111 22"
    assert account.kind == "private" and account.org_number is None
    assert account.terms_version == current_terms_version()
    assert account.terms_accepted_at is not None
    assert account.customer_number == str(100_000 + account.id)
    assert account.password_hash != PASSWORD and passwords.verify_password(PASSWORD, account.password_hash)


def test_company_needs_a_valid_org_number(db):
    with pytest.raises(ValidationFailed) as failed:
        accounts.sign_up(db, signup_form(kind="company", org_number="559030-3978"))
    assert failed.value.errors == {"org_number": "error.org_number_checksum"}
    account = accounts.sign_up(db, signup_form(kind="company", org_number="5590303979"))
    assert account.org_number == "559030-3979"


def test_every_problem_is_reported_at_once_and_nothing_is_created(db):
    with pytest.raises(ValidationFailed) as failed:
        accounts.sign_up(db, {"kind": "private", "password": "short", "name": ""})
    assert set(failed.value.errors) == {
        "name", "phone", "street", "postal_code", "city", "email", "password", "accept_terms"
    }
    assert db.exec(select(Account)).first() is None


def test_terms_must_be_accepted(db):
    with pytest.raises(ValidationFailed) as failed:
        accounts.sign_up(db, signup_form(accept_terms=""))
    assert failed.value.errors == {"accept_terms": "error.accept_terms"}


def test_passwords_must_match_and_kind_must_be_known(db):
    with pytest.raises(ValidationFailed) as failed:
        accounts.sign_up(db, signup_form(password_repeat="något annat här", kind="alien"))
    assert failed.value.errors == {"password_repeat": "error.password_mismatch", "kind": "error.choose_kind"}


def test_an_e_mail_address_can_have_one_account_and_sign_up_does_not_reveal_it(db):
    owner = make_account(db, email="same@example.se")
    assert accounts.sign_up(db, signup_form(email="SAME@example.se")) is None
    assert db.exec(select(func.count()).select_from(Account)).one() == 1
    mails = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "signup_taken")).all()
    assert [(m.to_address, m.account_id) for m in mails] == [("same@example.se", owner.id)]
    assert "/forgot" in mails[0].body


def test_credentials(db):
    account = make_account(db, email="login@example.se")
    assert accounts.check_credentials(db, "LOGIN@example.se", PASSWORD).id == account.id
    assert accounts.check_credentials(db, "login@example.se", "fel lösenord här") is None
    assert accounts.check_credentials(db, "nobody@example.se", PASSWORD) is None
    assert accounts.check_credentials(db, "not an address", PASSWORD) is None


def test_profile_update_validates_and_saves(db):
    account = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        accounts.update_profile(db, account.id, {"name": "Ny", "phone": "x", "street": "Väg 2",
                                                 "postal_code": "222 33", "city": "Lund"})
    assert failed.value.errors == {"phone": "error.phone_invalid"}
    updated = accounts.update_profile(db, account.id, {"name": "Ny Namn", "phone": "0701112233", "street": "Väg 2",
                                                       "postal_code": "22233", "city": "Lund"})
    assert (updated.name, updated.phone, updated.postal_code, updated.city) == ("Ny Namn", "+46701112233", "222 33", "Lund")


def test_email_change_asks_for_the_password(db):
    account = make_account(db)
    other = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        accounts.change_email(db, account.id, "new@example.se", "wrong password!")
    assert failed.value.errors == {"email_password": "error.wrong_password"}
    with pytest.raises(ValidationFailed) as failed:
        accounts.change_email(db, account.id, other.email, PASSWORD)
    assert failed.value.errors == {"new_email": "error.email_taken"}
    assert accounts.change_email(db, account.id, "New@Example.se", PASSWORD).email == "new@example.se"


def test_password_change(db):
    account = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        accounts.change_password(db, account.id, "wrong password!", "ett nytt långt lösen", "ett nytt långt lösen")
    assert failed.value.errors == {"current_password": "error.wrong_password"}
    with pytest.raises(ValidationFailed) as failed:
        accounts.change_password(db, account.id, PASSWORD, "qwertyuiop", "qwertyuiop")
    assert failed.value.errors == {"new_password": "error.password_common"}
    accounts.change_password(db, account.id, PASSWORD, "ett nytt långt lösen", "ett nytt långt lösen")
    assert accounts.check_credentials(db, account.email, "ett nytt långt lösen") is not None
    assert accounts.check_credentials(db, account.email, PASSWORD) is None
