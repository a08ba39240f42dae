"""The display rendition is served like the other variants: to its owner only, never cached, inline."""
from __future__ import annotations

import io
from urllib.parse import quote

from PIL import Image

from cleverstore.services.accounts import sessions
from tests.api.conftest import UPLOAD
from tests.helpers.factories import make_account, make_item, signed_in_token


def _photo() -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((2048, 1536)).convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def _as(client, token):
    client.cookies.clear()
    if token:
        client.cookies.set(sessions.COOKIE_NAME, token)
    return client


def test_the_owner_gets_the_display_rendition_and_everyone_else_a_404(client, db):
    owner, intruder = make_account(db), make_account(db)
    item = make_item(db, owner, name="Soffa")
    owner_token, intruder_token = signed_in_token(db, owner), signed_in_token(db, intruder)
    db.commit()
    uploaded = _as(client, owner_token).post(f"/files/upload?item={item.id}&kind=photo", content=_photo(),
                                             headers={**UPLOAD, "X-File-Name": quote("soffa.jpg")})
    file_id = uploaded.json()["id"]
    shown = _as(client, owner_token).get(f"/files/{file_id}/display")
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/webp"
    assert shown.headers["cache-control"] == "no-store" and shown.headers["x-content-type-options"] == "nosniff"
    assert shown.headers["content-disposition"].startswith("inline; filename*=UTF-8''soffa.webp")
    assert "sandbox" in shown.headers["content-security-policy"]
    with Image.open(io.BytesIO(shown.content)) as image:
        assert max(image.size) <= 1200
    original = _as(client, owner_token).get(f"/files/{file_id}/view")
    assert original.headers["content-type"] == "image/jpeg" and len(original.content) > len(shown.content)
    for token in (intruder_token, None, "forged-token"):
        refused = _as(client, token).get(f"/files/{file_id}/display")
        assert refused.status_code == 404 and refused.headers["cache-control"] == "no-store", token
        assert b"WEBP" not in refused.content
    assert _as(client, owner_token).get(f"/files/{file_id + 1}/display").status_code == 404
    phone = _as(client, owner_token).get(f"/files/{file_id}/phone")
    assert phone.status_code == 200 and phone.headers["content-type"] == "image/webp"
    assert phone.headers["cache-control"] == "no-store" and len(phone.content) < len(shown.content)
    with Image.open(io.BytesIO(phone.content)) as image:
        assert max(image.size) == 640
    tile = _as(client, owner_token).get(f"/files/{file_id}/tile")
    assert tile.status_code == 200 and tile.headers["content-type"] == "image/webp"
    assert tile.headers["cache-control"] == "no-store"
    for token in (intruder_token, None):
        assert _as(client, token).get(f"/files/{file_id}/phone").status_code == 404
        assert _as(client, token).get(f"/files/{file_id}/tile").status_code == 404
