"""HTTP routes with SuperPro company registers: every route serves the session's active register;
an owner reaches files and reports of all their registers, another customer never."""
from urllib.parse import quote

import pytest
from sqlmodel import select

from cleverstore.models import Account, AuthSession, Item
from cleverstore.services import imports
from cleverstore.services.accounts import registers as company_registers
from cleverstore.services.accounts import sessions
from cleverstore.services.billing.plans import ensure_seeded
from cleverstore.services.company_registers import admin as company_register_admin
from cleverstore.services.register import files
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import runner
from tests.api.conftest import UPLOAD
from tests.helpers.factories import make_account, make_admin, make_item, signed_in_token, subscribe
from tests.helpers.images import png_bytes
from tests.company_registers.test_company_registers import org


@pytest.fixture()
def firm(db):
    """Owner with company registers A and B (A active), each holding one object; and another customer."""
    admin, _ = make_admin(db)
    owner = make_account(db, subscribed=False, kind="company", name="Byrån AB", org_number=org(30))
    ensure_seeded(db)
    subscribe(db, owner, plan_code="superpro")  # company registers come with a SuperPro agreement
    a = company_register_admin.add_register(db, admin.id, owner.id, {"company_name": "A AB", "org_number": org(31)})
    b = company_register_admin.add_register(db, admin.id, owner.id, {"company_name": "B AB", "org_number": org(32)})
    item_a, item_b = make_item(db, a, name="Truck A"), make_item(db, b, name="Båt B")
    token = signed_in_token(db, owner)
    company_registers.switch(db, owner, sessions.resolve(db, token)[1], a.id)
    other = signed_in_token(db, make_account(db))
    db.commit()
    return {"owner": owner, "a": a, "b": b, "item_a": item_a, "item_b": item_b, "token": token, "other": other}


def _as(client, token):
    client.cookies.clear()
    client.cookies.set(sessions.COOKIE_NAME, token)
    return client


def _active(db, token) -> int | None:
    db.expire_all()
    return db.exec(select(AuthSession.active_register_id)
                   .where(AuthSession.id == sessions.resolve(db, token)[1].id)).one()


def test_files_of_register_b_reach_their_owner_only_and_uploads_go_to_the_active_register(client, db, firm):
    stored = files.attach(db, firm["b"].id, firm["item_b"].id, "photo", png_bytes(), "bat.png")
    db.commit()
    assert _as(client, firm["token"]).get(f"/files/{stored.id}/view").status_code == 200  # A active, still theirs
    assert _as(client, firm["other"]).get(f"/files/{stored.id}/view").status_code == 404
    upload = _as(client, firm["token"]).post(f"/files/upload?item={firm['item_b'].id}&kind=photo",
                                             content=png_bytes(), headers={**UPLOAD, "X-File-Name": quote("x.png")})
    assert upload.status_code == 404  # B's object is not in the open register A
    upload = client.post(f"/files/upload?item={firm['item_a'].id}&kind=photo", content=png_bytes(),
                         headers={**UPLOAD, "X-File-Name": quote("x.png")})
    assert upload.status_code == 200
    assert len(files.files_of(db, firm["a"].id, firm["item_a"].id)) == 1


def test_a_report_of_register_b_downloads_for_its_owner_only(client, db, firm):
    job = runner.register_report(firm["b"].id, ItemQuery(), "sv")
    assert _as(client, firm["other"]).get(f"/reports/{job.public_id}").status_code == 404
    response = _as(client, firm["token"]).get(f"/reports/{job.public_id}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_label_of_register_b_opens_b_for_its_owner_and_nothing_for_anyone_else(client, db, firm):
    runner.label_sheet(firm["b"].id, ItemQuery(), "3x8", "sv")
    code = db.exec(select(Item.label_code).where(Item.id == firm["item_b"].id)).one()
    assert _as(client, firm["other"]).get(f"/l/{code}", follow_redirects=False).status_code == 404
    assert _active(db, firm["token"]) == firm["a"].id
    opened = _as(client, firm["token"]).get(f"/l/{code}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/object?id={firm['item_b'].id}"
    assert _active(db, firm["token"]) == firm["b"].id  # the object page then opens in company B


def test_csv_export_and_import_use_the_active_register(client, db, firm):
    exported = _as(client, firm["token"]).get("/register/export.csv")
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    assert "Truck A" in text and "Båt B" not in text
    other = _as(client, firm["other"]).get("/register/export.csv").content.decode("utf-8-sig")
    assert "Truck A" not in other and "Båt B" not in other
    sent = _as(client, firm["token"]).post("/register/import", content=b"name\nLampa\n",
                                           headers={**UPLOAD, "X-File-Name": "a.csv"})
    assert sent.status_code == 200
    db.expire_all()
    assert imports.pending_import(firm["a"].id) == b"name\nLampa\n"
    assert imports.pending_import(firm["owner"].id) is None


def test_an_archived_register_is_no_longer_served(client, db, firm):
    admin_id = make_admin(db)[0].id
    company_register_admin.set_archived(db, admin_id, firm["a"].id, True)
    db.commit()
    assert _active(db, firm["token"]) == firm["a"].id  # the stale choice stays stored but is not trusted
    text = _as(client, firm["token"]).get("/register/export.csv").content.decode("utf-8-sig")
    assert "Truck A" not in text  # back in the owner's own register
    assert db.get(Account, firm["a"].id) is not None
