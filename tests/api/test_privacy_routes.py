"""Privacy routes on the full ASGI app: device cookie, verification link, data export, dev mailbox, heir access."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from pypdf import PdfReader
from sqlmodel import select
from starlette.testclient import TestClient

from cleverstore.models import (
    ActivityEvent,
    AuthSession,
    Device,
    HeirClaim,
    OutgoingMail,
)
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import devices, sessions
from cleverstore.services.heirs import claims
from cleverstore.services.register import files
from tests.helpers.factories import make_account, make_admin, make_item

PDF = b"%PDF-1.4\n% id\n"


def _sign_in(client, db, account) -> str:
    ticket = sessions.create_login_ticket(db, account.id)
    db.commit()
    response = client.get(f"/auth/session?ticket={ticket}", follow_redirects=False)
    client.cookies.set(sessions.COOKIE_NAME, response.cookies[sessions.COOKIE_NAME])
    return response.cookies[sessions.COOKIE_NAME]


def test_login_sets_a_device_cookie_and_links_the_session_to_the_device(client, db):
    account = make_account(db)
    ticket = sessions.create_login_ticket(db, account.id)
    db.commit()
    response = client.get(f"/auth/session?ticket={ticket}", follow_redirects=False,
                          headers={"user-agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/130.0 Safari/537.36"})
    device_cookie = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{devices.COOKIE_NAME}=")]
    assert len(device_cookie) == 1 and "HttpOnly" in device_cookie[0] and "SameSite=lax" in device_cookie[0]
    db.expire_all()
    device = db.exec(select(Device)).one()
    assert device.label == "Chrome / Windows" and device.ip_prefix
    assert db.exec(select(AuthSession)).one().device_id == device.id


def test_verification_link_confirms_once(client, db):
    account = make_account(db)
    db.commit()
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "verify")).one()
    path = mail.body.split("http://localhost:3000")[1].split()[0]
    first = client.get(path)
    assert first.status_code == 200 and "Din e-postadress är bekräftad" in first.text
    assert first.headers["cache-control"] == "no-store"
    again = client.get(path)
    assert again.status_code == 400 and "fungerar inte längre" in again.text
    db.expire_all()
    assert db.get(type(account), account.id).email_verified_at is not None


def test_export_is_the_callers_own_zip_and_needs_a_session(client, db):
    anna, bo = make_account(db, name="Anna Andersson"), make_account(db, name="Bo Berg")
    bike = make_item(db, anna, name="Annas cykel")
    boat = make_item(db, bo, name="Bos båt")
    receipt = files.attach(db, anna.id, bike.id, "receipt", PDF, "kvitto.pdf")
    files.attach(db, bo.id, boat.id, "receipt", PDF + b"Bos", "bos-kvitto.pdf")
    db.commit()
    anonymous = client.get("/privacy/export", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login"
    _sign_in(client, db, anna)
    response = client.get("/privacy/export?account_id=%d" % bo.id)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["cache-control"] == "no-store"
    assert "attachment" in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert [i["name"] for i in json.loads(archive.read("data/item.json"))] == ["Annas cykel"]
    assert archive.read(f"filer/{bike.id} Annas cykel/receipt-{receipt.id}-kvitto.pdf") == PDF
    assert b"Bos" not in b"".join(archive.read(n) for n in archive.namelist())


def test_dev_mailbox_shows_messages_with_clickable_links_and_escapes_text(asgi_app, db):
    make_account(db, name="<script>alert(1)</script> Svensson")
    db.commit()
    with TestClient(asgi_app, base_url="http://127.0.0.1:3000", client=("127.0.0.1", 50000)) as local:
        page = local.get("/dev/mailbox")
    assert page.status_code == 200
    assert '<a href="http://localhost:3000/auth/verify?token=' in page.text
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text


def test_dev_mailbox_does_not_exist_in_production(client, monkeypatch):
    from cleverstore.config import reset_settings

    monkeypatch.setenv("CLEVERSTORE_ENV", "prod")
    reset_settings()
    try:
        assert client.get("/dev/mailbox").status_code == 404
    finally:
        monkeypatch.delenv("CLEVERSTORE_ENV")
        reset_settings()


def test_heir_claim_upload_then_access_through_the_emailed_link(client, db):
    owner = make_account(db, name="Olof Ägare")
    make_item(db, owner, name="<b>Farfars</b> klocka")
    (first, _), (second, _) = make_admin(db), make_admin(db)
    db.commit()
    form_page = client.get("/heir/claim")
    assert form_page.status_code == 200 and '<label for="doc_id">' in form_page.text
    missing = client.post("/heir/claim", data={"owner_email": owner.email, "claimant_name": "Karin",
                                               "claimant_email": "karin@example.se", "reason": "death"})
    assert missing.status_code == 400 and "Bifoga en kopia av din legitimation" in missing.text
    sent = client.post(
        "/heir/claim",
        data={"owner_email": owner.email, "claimant_name": "Karin", "claimant_email": "karin@example.se",
              "reason": "death"},
        files={"doc_id": ("id.pdf", PDF, "application/pdf"),
               "doc_proof": ("intyg.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 200 and "Ärendenummer" in sent.text
    db.expire_all()
    claim = db.exec(select(HeirClaim)).one()
    claims.propose(db, first.id, claim.id)
    claims.approve(db, second.id, claim.id)
    claim.objection_until = utcnow() - timedelta(seconds=1)  # the owner's waiting period has passed
    db.add(claim)
    claims.open_waiting(db)
    db.commit()
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_approved")).one()
    path = mail.body.split("http://localhost:3000")[1].split()[0]
    assert client.get("/heir/register").status_code == 403
    entered = client.get(path, follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == "/heir/register"
    assert "Path=/heir" in entered.headers["set-cookie"] and "HttpOnly" in entered.headers["set-cookie"]
    client.cookies.set("cs_heir", entered.cookies["cs_heir"], path="/heir")
    view = client.get("/heir/register")
    assert view.status_code == 200 and "&lt;b&gt;Farfars&lt;/b&gt; klocka" in view.text
    assert view.headers["cache-control"] == "no-store"
    assert client.get(path, follow_redirects=False).status_code == 400  # the link works once
    db.expire_all()
    logged = db.exec(select(ActivityEvent).where(ActivityEvent.kind == "heir_view")).all()
    assert [e.account_id for e in logged] == [owner.id]
    # the register page offers the PDF; the claimant's cookie gets it, logged like every view
    assert 'href="/heir/register.pdf"' in view.text
    printed = client.get("/heir/register.pdf")
    assert printed.status_code == 200 and printed.headers["content-type"] == "application/pdf"
    assert printed.headers["cache-control"] == "no-store" and "attachment" in printed.headers["content-disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.content)).pages)
    assert "<b>Farfars</b> klocka" in text and "Karin" in text
    db.expire_all()
    assert db.exec(select(ActivityEvent).where(ActivityEvent.kind == "heir_view",
                                               ActivityEvent.detail.contains("register report"))).one()
    # a plain visitor and a signed-in customer (another account) get a 404, and nothing is logged
    heir_cookie = entered.cookies["cs_heir"]
    client.cookies.clear()
    assert client.get("/heir/register.pdf").status_code == 404
    _sign_in(client, db, make_account(db))
    assert client.get("/heir/register.pdf").status_code == 404
    # when access_until has passed, the claimant's cookie stops working too
    client.cookies.set("cs_heir", heir_cookie, path="/heir")
    claim = db.exec(select(HeirClaim)).one()
    claim.access_until = utcnow() - timedelta(seconds=1)
    db.add(claim)
    db.commit()
    assert client.get("/heir/register.pdf").status_code == 404
    db.expire_all()
    assert len(db.exec(select(ActivityEvent).where(ActivityEvent.kind == "heir_view")).all()) == 2
