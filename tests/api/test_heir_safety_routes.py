"""The owner's one-click stop link, and the claim evidence only for heir reviewers."""
from __future__ import annotations

from sqlmodel import select

from cleverstore.models import ClaimDocument, HeirClaim, OutgoingMail
from cleverstore.services.heirs import claims
from tests.helpers.factories import admin_token, make_account, make_admin

PDF = b"%PDF-1.4\n% forged\n"


def _claim(db, owner) -> HeirClaim:
    claims.submit_claim(db, {"owner_email": owner.email, "claimant_name": "Falsk Arvinge",
                             "claimant_email": "falsk@example.se", "reason": "death"},
                        [claims.Document("id", "id.pdf", PDF), claims.Document("death_certificate", "d.pdf", PDF)])
    return db.exec(select(HeirClaim).where(HeirClaim.account_id == owner.id)).one()


def test_the_emailed_link_stops_the_claim_and_says_so(client, db):
    owner = make_account(db)
    claim = _claim(db, owner)
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_filed")).one()
    token = mail.body.split("/heir/object?token=")[1].split()[0]
    db.commit()
    answer = client.get(f"/heir/object?token={token}")
    assert answer.status_code == 200 and claim.reference in answer.text and "stoppad" in answer.text
    db.expire_all()
    assert db.get(HeirClaim, claim.id).status == "objected"
    again = client.get(f"/heir/object?token={token}")
    assert again.status_code == 400 and claim.reference not in again.text


def test_claim_evidence_opens_only_for_an_heir_reviewer(client, db):
    owner = make_account(db)
    claim = _claim(db, owner)
    document = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).first()
    (plain, _), (reviewer, _) = make_admin(db), make_admin(db)
    reviewer.heir_reviewer = True
    db.add(reviewer)
    plain_token, reviewer_token = admin_token(db, plain), admin_token(db, reviewer)
    db.commit()
    client.cookies.set("cs_admin", plain_token)
    assert client.get(f"/admin/heir-document/{document.id}").status_code == 404
    client.cookies.set("cs_admin", reviewer_token)
    answer = client.get(f"/admin/heir-document/{document.id}")
    assert answer.status_code == 200 and answer.content == PDF


def test_an_endless_claim_upload_stops_being_read_past_two_documents(db):
    """Anyone may post a claim: a 60 MB chunked body is refused after the two documents' 20 MB."""
    import asyncio

    from starlette.requests import Request

    from cleverstore.api.heir_routes import MAX_CLAIM_BYTES, submit_claim

    received = []
    boundary = b"x" * 16
    head = b"--" + boundary + b'\r\nContent-Disposition: form-data; name="doc_id"; filename="id.pdf"\r\n\r\n'

    async def receive():
        received.append(1)
        body = head if len(received) == 1 else b"%" * 65536
        return {"type": "http.request", "body": body, "more_body": len(received) < 960}

    scope = {"type": "http", "method": "POST", "path": "/heir/claim", "query_string": b"",
             "headers": [(b"content-type", b"multipart/form-data; boundary=" + boundary)]}
    response = asyncio.run(submit_claim(Request(scope, receive)))
    assert response.status_code == 413
    assert (len(received) - 1) * 65536 <= MAX_CLAIM_BYTES + 65536
