"""The customer's links: opening the confirm link shows a button (a mail scanner starts nothing);
the button starts the waiting period; the stop link in the notice ends the request in one click."""
import pyotp
from sqlmodel import select

from cleverstore.models import OutgoingMail
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import second_factor_removal, two_factor
from cleverstore.services.admin import second_factor_help
from tests.helpers.factories import make_account, make_admin


def _token(db, kind, to):
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == kind, OutgoingMail.to_address == to)).one()
    return mail.body.split("token=")[1].split()[0]


def test_confirm_needs_the_button_and_the_stop_link_works_once(client, db):
    first, _ = make_admin(db)
    second, _ = make_admin(db)
    customer = make_account(db)
    customer.email_verified_at = utcnow()
    db.add(customer)
    secret = two_factor.begin_setup(db, customer.id)
    two_factor.confirm_setup(db, customer.id, pyotp.TOTP(secret).now())
    second_factor_help.propose_removal(db, first.id, customer.id, "Ringde, styrkte med BankID")
    second_factor_help.approve_removal(db, second.id, customer.id)
    db.commit()
    token = _token(db, "second_factor_removal_link", customer.email)

    shown = client.get(f"/auth/second-factor-removal?token={token}")
    assert shown.status_code == 200 and 'method="post"' in shown.text
    db.commit()
    assert second_factor_removal.open_request(db, customer.id).confirmed_at is None  # opening changed nothing

    assert client.post("/auth/second-factor-removal", data={"token": "forged"}).status_code == 400
    done = client.post("/auth/second-factor-removal", data={"token": token})
    assert done.status_code == 200 and "tas bort" in done.text
    assert client.post("/auth/second-factor-removal", data={"token": token}).status_code == 400
    db.commit()
    stop = _token(db, "second_factor_removal_waiting", customer.email)
    assert client.get(f"/auth/second-factor-removal/stop?token={stop}").status_code == 200
    assert client.get(f"/auth/second-factor-removal/stop?token={stop}").status_code == 400
    db.commit()
    assert second_factor_removal.open_request(db, customer.id) is None
    assert two_factor.is_enabled(db, customer.id)


def test_an_oversized_confirm_body_is_refused(client):
    response = client.post("/auth/second-factor-removal", data={"token": "x" * 10000})
    assert response.status_code == 400
