"""File and CSV routes: the request's own cookie decides, another customer's file is a 404, never cached."""
from urllib.parse import quote

import pytest

from cleverstore.services.accounts import sessions
from cleverstore.services.register import files
from cleverstore.services.register.images import MAX_BYTES
from tests.api.conftest import UPLOAD
from tests.helpers.factories import make_account, make_item, signed_in_token
from tests.helpers.images import gps_of, jpeg_with_gps, receipt_pdf, tiny_pdf


@pytest.fixture()
def two_customers(db):
    owner, intruder = make_account(db), make_account(db)
    item = make_item(db, owner, name="Kamera")
    tokens = signed_in_token(db, owner), signed_in_token(db, intruder)
    db.commit()
    return item, tokens


def _upload(client, token, item_id, kind, data, name="foto.jpg", headers=None):
    client.cookies.clear()
    if token:
        client.cookies.set(sessions.COOKIE_NAME, token)
    return client.post(f"/files/upload?item={item_id}&kind={kind}", content=data,
                       headers={**UPLOAD, "X-File-Name": quote(name), **(headers or {})})


def _get(client, token, path):
    client.cookies.clear()
    if token:
        client.cookies.set(sessions.COOKIE_NAME, token)
    return client.get(path)


@pytest.mark.usefixtures("file_store_backend")
def test_upload_then_owner_downloads_a_clean_photo(client, two_customers):
    item, (owner, _intruder) = two_customers
    response = _upload(client, owner, item.id, "photo", jpeg_with_gps(), "IMG 1.jpg")
    assert response.status_code == 200 and response.json()["ok"]
    assert response.headers["cache-control"] == "no-store"
    file_id = response.json()["id"]
    photo = _get(client, owner, f"/files/{file_id}/download")
    assert photo.status_code == 200 and photo.headers["cache-control"] == "no-store"
    assert photo.headers["content-type"] == "image/jpeg" and gps_of(photo.content) == {}
    assert photo.headers["content-disposition"].startswith("attachment; filename*=UTF-8''IMG%201.jpg")
    assert photo.headers["x-content-type-options"] == "nosniff"
    thumb = _get(client, owner, f"/files/{file_id}/thumb")
    assert thumb.status_code == 200 and thumb.headers["cache-control"] == "no-store"


@pytest.mark.usefixtures("file_store_backend")
def test_other_customer_and_strangers_get_404_for_every_guess(client, db, two_customers):
    item, (owner, intruder) = two_customers
    file_id = _upload(client, owner, item.id, "receipt", tiny_pdf(), "kvitto.pdf").json()["id"]
    record = files.get_file(db, item.account_id, file_id)
    guesses = [f"/files/{file_id}/{v}" for v in ("view", "thumb", "download")] + [
        f"/files/{record.stored_name}", f"/files/{record.stored_name.split('/')[-1]}/view",
        f"/files/{file_id + 1}/view", f"/files/{file_id}/../{file_id}/view", "/files/0/view",
        f"/files/{file_id}/original", f"/_upload/{record.stored_name}", f"/_upload/{record.stored_name.split('/')[-1]}"]
    for token in (intruder, None, "forged-token"):
        for path in guesses:
            response = _get(client, token, path)
            assert response.status_code == 404, (token, path)
            assert b"%PDF" not in response.content
    assert _get(client, owner, f"/files/{file_id}/view").content.startswith(b"%PDF")


def test_upload_to_a_foreign_or_missing_object_changes_nothing(client, db, two_customers):
    item, (_owner, intruder) = two_customers
    for target in (item.id, 999999, "abc", ""):
        response = _upload(client, intruder, target, "photo", jpeg_with_gps())
        assert response.status_code == 404 and response.json()["message"] == "Föremålet finns inte i ditt register."
    assert files.files_of(db, item.account_id, item.id) == []


def test_upload_needs_a_session_our_header_and_our_origin(client, db, two_customers):
    item, (owner, _intruder) = two_customers
    assert _upload(client, None, item.id, "photo", jpeg_with_gps()).status_code == 401
    assert _upload(client, owner, item.id, "photo", jpeg_with_gps(),
                   headers={"X-CleverStore-Upload": "0"}).status_code == 403
    assert _upload(client, owner, item.id, "photo", jpeg_with_gps(),
                   headers={"Origin": "https://evil.example"}).status_code == 403
    assert files.files_of(db, item.account_id, item.id) == []


def test_rejected_files_get_a_clear_message(client, two_customers):
    item, (owner, _intruder) = two_customers
    too_big = _upload(client, owner, item.id, "receipt", b"x" * (MAX_BYTES + 1), "stor.pdf")
    assert too_big.status_code == 413 and "15 MB" in too_big.json()["message"]
    client.cookies.set("cs_lang", "en")
    svg = client.post(f"/files/upload?item={item.id}&kind=receipt", content=b"<svg/>",
                      headers={**UPLOAD, "X-File-Name": "a.svg"})
    assert svg.status_code == 422 and svg.json()["message"].startswith("This file type is not supported")


def test_csv_export_is_private_and_the_import_file_is_per_customer(client, db, two_customers):
    from cleverstore.services import imports

    item, (owner, intruder) = two_customers
    export = _get(client, owner, "/register/export.csv?sep=;")
    assert export.status_code == 200 and export.headers["cache-control"] == "no-store"
    assert export.content.startswith("\ufeffNamn;".encode()) and "Kamera" in export.text
    assert "Kamera" not in _get(client, intruder, "/register/export.csv").text
    assert _get(client, None, "/register/export.csv").status_code == 404
    client.cookies.clear()
    client.cookies.set(sessions.COOKIE_NAME, intruder)
    sent = client.post("/register/import", content=b"name\nLampa\n", headers=UPLOAD)
    assert sent.status_code == 200
    db.expire_all()
    db.commit()
    assert imports.pending_import(item.account_id) is None
    assert imports.pending_import(sessions.resolve(db, intruder)[0].id) == b"name\nLampa\n"


def test_a_locked_register_closes_uploads_and_files_but_not_the_export(db):
    """Lock on late payment: an unpaid customer keeps their own export; the register's files wait for payment."""
    from cleverstore.api.guard import register_caller
    from tests.helpers.factories import make_account, signed_in_token

    unpaid = make_account(db, subscribed=False)
    token = signed_in_token(db, unpaid)
    db.commit()

    class FakeRequest:
        cookies = {"cs_session": token}

    assert register_caller(FakeRequest()) is None
    caller = register_caller(FakeRequest(), require_open=False)
    assert (caller.account_id, caller.name, caller.owned_ids) == (unpaid.id, unpaid.name, (unpaid.id,))


def test_admin_support_file_route_needs_an_admin_and_a_live_grant(client, db):
    from sqlmodel import select

    from cleverstore.models import AuditEntry
    from cleverstore.services.shared import activity
    from cleverstore.services.support import register_access, threads
    from tests.helpers.factories import admin_token, make_admin

    owner = make_account(db)
    item = make_item(db, owner, name="Kamera")
    photo = files.attach(db, owner.id, item.id, "photo", jpeg_with_gps(), "kamera.jpg")
    thread = threads.open_thread(db, owner.id, "Hjälp", "Titta på kameran")
    admin, _ = make_admin(db)
    admin_cookie, owner_token = admin_token(db, admin), signed_in_token(db, owner)
    db.commit()
    path = f"/admin/support-file/{thread.id}/{photo.id}/thumb"

    def fetch(admin_value="", customer_value=""):
        client.cookies.clear()
        if admin_value:
            client.cookies.set("cs_admin", admin_value)
        if customer_value:
            client.cookies.set(sessions.COOKIE_NAME, customer_value)
        return client.get(path)

    assert fetch(admin_cookie).status_code == 404  # no grant yet
    register_access.grant(db, owner.id, thread.id)
    db.commit()
    assert fetch(customer_value=owner_token).status_code == 404  # the owner is not an admin
    shown = fetch(admin_cookie)
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/jpeg"
    assert shown.headers["cache-control"] == "no-store" and "sandbox" in shown.headers["content-security-policy"]
    assert client.get(f"/admin/support-file/{thread.id}/{photo.id}/download").status_code == 404
    register_access.withdraw(db, owner.id, thread.id)
    db.commit()
    assert fetch(admin_cookie).status_code == 404
    db.expire_all()
    actions = [a.action for a in db.exec(select(AuditEntry).where(AuditEntry.action.startswith("support_register"))
                                         .order_by(AuditEntry.id))]
    assert actions == ["support_register_refused", "support_register_file", "support_register_refused"]
    assert [e.detail for e in activity.recent(db, owner.id) if e.kind == "support_access_viewed"] == \
        ["Filen ”kamera.jpg”"]


def test_the_large_photo_and_a_pdfs_preview_are_the_owners_only(client, two_customers):
    item, (owner, intruder) = two_customers
    photo_id = _upload(client, owner, item.id, "photo", jpeg_with_gps(120, 90), "cykel.jpg").json()["id"]
    receipt_id = _upload(client, owner, item.id, "receipt", receipt_pdf(), "kvitto.pdf").json()["id"]
    large = _get(client, owner, f"/files/{photo_id}/view")
    assert large.status_code == 200 and large.headers["content-type"] == "image/jpeg"
    assert large.headers["content-disposition"].startswith("inline")
    preview = _get(client, owner, f"/files/{receipt_id}/thumb")
    assert preview.status_code == 200 and preview.headers["content-type"] == "image/jpeg"
    assert preview.content[:2] == b"\xff\xd8" and preview.headers["cache-control"] == "no-store"
    for token in (intruder, None):
        for path in (f"/files/{photo_id}/view", f"/files/{receipt_id}/thumb", f"/files/{receipt_id}/view"):
            response = _get(client, token, path)
            assert response.status_code == 404 and response.content == b"Not found", (token, path)
