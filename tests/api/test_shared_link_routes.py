"""A read-only link through the HTTP app: only its selection, every other id 404, the report of exactly the
selection, private headers, a cookie scoped to the link, and a locked owner's link gone."""
from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image
from sqlmodel import select

from cleverstore.models import BillingAccount, SharedLinkVisit
from cleverstore.services import sharing
from cleverstore.services.register import files
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import tiny_pdf


def _jpeg(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def _plain(html: str) -> str:
    """Money is written with narrow no-break spaces: compare with plain ones."""
    return html.replace("\u00a0", " ").replace("\u202f", " ")


def _text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture()
def shared(db):
    anna = make_account(db, name="Anna Andersson")
    bike = make_item(db, anna, name="Cykel Crescent", serial_number="CR-123", purchase_price="8 000",
                     replacement_value="9 500")
    sofa = make_item(db, anna, name="Soffa Klippan", purchase_price="4 000")
    secret = make_item(db, anna, name="Hemligt smycke", serial_number="SM-999")
    other = make_account(db)
    theirs = make_item(db, other, name="Grannens tv")
    ids = {
        "bike_photo": files.attach(db, anna.id, bike.id, "photo", _jpeg("red"), "cykel.jpg").id,
        "bike_receipt": files.attach(db, anna.id, bike.id, "receipt", tiny_pdf(), "kvitto-cykel.pdf").id,
        "secret_photo": files.attach(db, anna.id, secret.id, "photo", _jpeg("blue"), "smycke.jpg").id,
        "theirs_photo": files.attach(db, other.id, theirs.id, "photo", _jpeg("green"), "tv.jpg").id,
    }
    db.commit()
    return anna.id, (bike.id, sofa.id, secret.id), ids


def _link(anna, items, **form):
    return sharing.make_shared_link(anna, anna, {"days": "7", **form}, items)


def test_the_link_shows_only_its_selection_with_private_headers_and_a_scoped_cookie(client, shared):
    anna, (bike, sofa, _secret), _ids = shared
    made = _link(anna, [bike, sofa])
    answer = client.get(f"/s/{made.token}")
    assert answer.status_code == 200
    page = _plain(answer.text)
    assert "Delat av Anna Andersson" in page
    assert "Cykel Crescent" in page and "Soffa Klippan" in page and "CR-123" in page
    assert "Hemligt smycke" not in page and "Grannens tv" not in page
    assert "8 000" not in page and "4 000" not in page  # purchase prices were not chosen, nor estimates from them
    assert "kvitto-cykel.pdf" not in page  # nor receipts
    assert answer.headers["x-robots-tag"].startswith("noindex")
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["cache-control"] == "no-store"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("cs_share=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert f"Path=/s/{made.token}" in cookie
    assert made.token not in cookie.split(";")[0]


def test_every_other_item_or_file_id_through_the_link_is_404(client, shared):
    anna, (bike, _sofa, _secret), ids = shared
    made = _link(anna, [bike])
    assert client.get(f"/s/{made.token}").status_code == 200
    photo = client.get(f"/s/{made.token}/files/{ids['bike_photo']}/thumb")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["referrer-policy"] == "no-referrer" and photo.headers["cache-control"] == "no-store"
    for file_id in (ids["secret_photo"], ids["theirs_photo"], ids["bike_receipt"], 999999):
        for variant in ("thumb", "display", "download"):
            refused = client.get(f"/s/{made.token}/files/{file_id}/{variant}")
            assert refused.status_code == 404, (file_id, variant)
    assert client.get(f"/s/{made.token}/files/{ids['bike_photo']}/original").status_code == 404
    assert client.get(f"/files/{ids['bike_photo']}/thumb").status_code == 404  # no customer session


def test_receipts_and_prices_when_chosen_and_downloads_are_logged(client, db, shared):
    anna, (bike, _sofa, _secret), ids = shared
    made = _link(anna, [bike], show_prices="on", show_receipts="on")
    page = _plain(client.get(f"/s/{made.token}").text)
    assert "8 000" in page and "kvitto-cykel.pdf" in page
    receipt = client.get(f"/s/{made.token}/files/{ids['bike_receipt']}/download")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    kinds = db.exec(select(SharedLinkVisit.kind, SharedLinkVisit.detail).order_by(SharedLinkVisit.id)).all()
    assert [tuple(k) for k in kinds] == [("opened", ""), ("file", "kvitto-cykel.pdf")]


def test_the_report_holds_exactly_the_selection(client, db, shared):
    anna, (bike, sofa, _secret), _ids = shared
    made = _link(anna, [bike, sofa])
    client.get(f"/s/{made.token}")
    answer = client.get(f"/s/{made.token}/report.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["x-robots-tag"].startswith("noindex")
    text = _text(answer.content)
    assert "Cykel Crescent" in text and "Soffa Klippan" in text and "CR-123" in text
    assert "Hemligt smycke" not in text and "Grannens tv" not in text
    assert "8 000" not in text and "4 000" not in text  # prices hidden in the report too
    assert "Inköpspris" not in text and "Inköpsvärde" not in text
    assert "Storgatan" not in text and "kvitto-cykel.pdf" not in text  # no address, no receipts
    visits = db.exec(select(SharedLinkVisit.kind).order_by(SharedLinkVisit.id)).all()
    assert visits == ["opened", "report"]


def test_the_report_has_prices_and_documents_when_chosen(client, shared):
    anna, (bike, _sofa, _secret), _ids = shared
    made = _link(anna, [bike], show_prices="on", show_receipts="on")
    client.get(f"/s/{made.token}")
    text = _text(client.get(f"/s/{made.token}/report.pdf").content)
    assert "Inköpspris" in text and "8 000" in text and "kvitto-cykel.pdf" in text


def test_without_an_opening_nothing_is_served(client, shared):
    anna, (bike, _sofa, _secret), ids = shared
    made = _link(anna, [bike])
    assert client.get(f"/s/{made.token}/report.pdf").status_code == 404
    assert client.get(f"/s/{made.token}/files/{ids['bike_photo']}/thumb").status_code == 404


def test_unknown_ended_and_locked_links_all_answer_the_same_404(client, db, shared):
    anna, (bike, _sofa, _secret), _ids = shared
    unknown = client.get("/s/not-a-real-token")
    assert unknown.status_code == 404 and unknown.headers["referrer-policy"] == "no-referrer"
    made = _link(anna, [bike])
    assert client.get(f"/s/{made.token}").status_code == 200
    billing = db.exec(select(BillingAccount).where(BillingAccount.account_id == anna)).one()
    billing.status = "canceled"
    db.add(billing)
    db.commit()
    locked = client.get(f"/s/{made.token}")  # with its cookie, still gone
    assert locked.status_code == 404 and locked.text == unknown.text
    assert client.get(f"/s/{made.token}/report.pdf").status_code == 404
    billing.status = "active"
    db.add(billing)
    db.commit()
    [link] = sharing.shared_links(anna, anna)
    sharing.end_shared_link(anna, anna, link.id)
    ended = client.get(f"/s/{made.token}")
    assert ended.status_code == 404 and ended.text == unknown.text


def test_the_code_form_a_wrong_code_and_the_right_one(client, shared):
    anna, (bike, _sofa, _secret), _ids = shared
    made = _link(anna, [bike], with_code="on")
    form = client.get(f"/s/{made.token}")
    assert form.status_code == 200 and 'name="code"' in form.text and "Cykel Crescent" not in form.text
    assert "set-cookie" not in form.headers
    wrong = client.post(f"/s/{made.token}", data={"code": "XXXXXXXX"})
    assert wrong.status_code == 400 and "Fel kod" in wrong.text and "Cykel Crescent" not in wrong.text
    right = client.post(f"/s/{made.token}", data={"code": made.code}, follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == f"/s/{made.token}"
    assert "HttpOnly" in right.headers["set-cookie"]
    assert "Cykel Crescent" in client.get(f"/s/{made.token}").text
