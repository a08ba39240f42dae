"""POST /capture/photo: photos first make a nameless object in the caller's own open register."""
from urllib.parse import quote

import pytest
from sqlmodel import select

from cleverstore.models import Item, ItemFile
from cleverstore.services.accounts import sessions
from cleverstore.services.register import files
from cleverstore.services.register.images import MAX_BYTES
from tests.api.conftest import UPLOAD
from tests.helpers.factories import make_account, make_item, signed_in_token
from tests.helpers.images import gps_of, jpeg_with_gps, tiny_pdf


def _capture(client, token, data, name="foto.jpg", item=None, headers=None):
    client.cookies.clear()
    if token:
        client.cookies.set(sessions.COOKIE_NAME, token)
    url = "/capture/photo" + (f"?item={item}" if item is not None else "")
    return client.post(url, content=data, headers={**UPLOAD, "X-File-Name": quote(name), **(headers or {})})


def _objects(db, account_id):
    db.expire_all()
    return list(db.exec(select(Item).where(Item.account_id == account_id)).all())


@pytest.fixture()
def customer(db):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    db.commit()
    return owner, token


def test_three_photos_become_one_object_without_their_location_data(client, db, customer):
    owner, token = customer
    first = _capture(client, token, jpeg_with_gps(), "IMG 1.jpg")
    assert first.status_code == 200 and first.json()["ok"] and first.headers["cache-control"] == "no-store"
    item_id = first.json()["item"]
    assert first.json()["object_url"] == f"/object?id={item_id}"
    for name in ("IMG 2.jpg", "IMG 3.jpg"):
        answer = _capture(client, token, jpeg_with_gps(), name, item=item_id)
        assert answer.status_code == 200 and answer.json()["item"] == item_id
    [item] = _objects(db, owner.id)
    assert item.id == item_id and item.name == ""
    photos = files.files_of(db, owner.id, item_id)
    assert len(photos) == 3 and all(p.kind == "photo" and p.thumb_name for p in photos)
    for photo in photos:
        assert gps_of(files.read(db, owner.id, photo.id, thumbnail=False).data) == {}


def test_a_file_that_is_not_an_image_is_refused_in_words_and_creates_nothing(client, db, customer):
    owner, token = customer
    for data, name in ((tiny_pdf(), "kvitto.pdf"), (b"MZ\x90\x00 not an image", "program.exe")):
        answer = _capture(client, token, data, name)
        assert answer.status_code == 422 and not answer.json()["ok"]
        assert answer.json()["file"] == name
        assert answer.json()["message"] in ("Ett foto måste vara en bild (JPEG, PNG eller WebP).",
                                            "Filtypen stöds inte. Använd JPEG, PNG, WebP eller PDF.")
    client.cookies.set("cs_lang", "en")
    answer = client.post("/capture/photo", content=tiny_pdf(), headers={**UPLOAD, "X-File-Name": "a.pdf"})
    assert answer.json()["message"] == "A photo must be an image (JPEG, PNG or WebP)."
    assert _objects(db, owner.id) == []
    assert db.exec(select(ItemFile).where(ItemFile.account_id == owner.id)).all() == []


def test_another_customers_object_is_refused_and_keeps_its_photos(client, db, customer):
    owner, _token = customer
    theirs = make_item(db, owner, name="Klocka")
    intruder = make_account(db)
    intruder_token = signed_in_token(db, intruder)
    db.commit()
    for target in (theirs.id, 999999, "abc"):
        answer = _capture(client, intruder_token, jpeg_with_gps(), item=target)
        assert answer.status_code == 404 and answer.json()["message"] == "Föremålet finns inte i ditt register."
    assert files.files_of(db, owner.id, theirs.id) == [] and _objects(db, intruder.id) == []


def test_a_locked_register_is_refused_with_a_clear_message_and_nothing_is_saved(client, db):
    unpaid = make_account(db, subscribed=False)
    token = signed_in_token(db, unpaid)
    db.commit()
    answer = _capture(client, token, jpeg_with_gps())
    assert answer.status_code == 402
    assert answer.json()["message"] == "Registret är låst tills betalningen är klar. Inga foton sparades."
    assert _objects(db, unpaid.id) == []


def test_capture_needs_a_session_our_header_and_our_origin(client, db, customer):
    owner, token = customer
    assert _capture(client, None, jpeg_with_gps()).status_code == 401
    assert _capture(client, "forged-token", jpeg_with_gps()).status_code == 401
    assert _capture(client, token, jpeg_with_gps(), headers={"X-CleverStore-Upload": "0"}).status_code == 403
    assert _capture(client, token, jpeg_with_gps(), headers={"Origin": "https://evil.example"}).status_code == 403
    assert _objects(db, owner.id) == []


def test_a_photo_over_the_limit_is_refused_before_anything_is_made(client, db, customer):
    owner, token = customer
    answer = _capture(client, token, b"\xff" * (MAX_BYTES + 1), "enorm.jpg")
    assert answer.status_code == 413 and answer.json()["file"] == "enorm.jpg"
    assert _objects(db, owner.id) == []
