"""An approved heir prints the owner's register report: the same PDF, marked and logged, only while access lasts."""
from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader
from sqlmodel import select

from cleverstore.models import ActivityEvent, HeirClaim, OutgoingMail
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import sessions
from cleverstore.services.heirs import claims
from cleverstore.services.heirs import report as heir_report
from cleverstore.services.reports import verification
from tests.helpers.factories import make_account, make_admin, make_item

PDF = b"%PDF-1.4\n% id card\n"


def _approved_claimant(db, owner) -> tuple[HeirClaim, str]:
    """A claim about `owner` approved by two admins, and the claimant's session token."""
    claims.submit_claim(db, {"owner_email": owner.email, "claimant_name": "Karin Arvinge",
                             "claimant_email": "karin@example.se", "reason": "death"},
                        [claims.Document("id", "id.pdf", PDF), claims.Document("death_certificate", "d.pdf", PDF)])
    claim = db.exec(select(HeirClaim).where(HeirClaim.account_id == owner.id)).one()
    (first, _), (second, _) = make_admin(db), make_admin(db)
    claims.propose(db, first.id, claim.id)
    claims.approve(db, second.id, claim.id)
    claim.objection_until = utcnow() - timedelta(seconds=1)  # the owner's waiting period has passed
    db.add(claim)
    claims.open_waiting(db)
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_approved")
                   .order_by(OutgoingMail.id.desc())).first()
    return claim, claims.redeem_invite(db, mail.body.split("token=")[1].split()[0])


def _heir_views(db, account_id: int) -> list[str]:
    return [e.detail for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == account_id,
                                                                  ActivityEvent.kind == "heir_view")).all()]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_claimant_prints_the_owners_register_marked_with_their_name_and_the_print_is_logged(db):
    owner = make_account(db, name="Olof Ägare")
    make_item(db, owner, name="Farfars klocka")
    make_item(db, owner, name="Gungstol")
    other = make_account(db, name="Bo Granne")
    make_item(db, other, name="Grannens båt")
    claim, token = _approved_claimant(db, owner)
    out = io.BytesIO()
    name = heir_report.print_register(db, token, "sv", out)
    assert name and name.endswith(".pdf")
    text = _text(out.getvalue())
    assert "Farfars klocka" in text and "Gungstol" in text and "Olof Ägare" in text
    assert "Grannens båt" not in text
    assert "Utskriven för" in text and "Karin Arvinge" in text and claim.reference in text
    views = _heir_views(db, owner.id)
    assert len(views) == 1 and views[0].startswith("Karin Arvinge: register report R-")
    assert views[0].removeprefix("Karin Arvinge: register report ") in text  # the report id on the PDF
    assert _heir_views(db, other.id) == []
    checked = verification.check_file(db, out.getvalue())  # an insurer can check the heir's copy
    assert checked.issued and checked.object_count == 2


def test_no_pdf_and_no_log_without_live_claimant_access(db):
    owner = make_account(db)
    make_item(db, owner, name="Farfars klocka")
    claim, token = _approved_claimant(db, owner)
    customer = make_account(db)
    customer_session = sessions.start_session(db, customer.id)
    for attempt in ("", "not-a-token", customer_session, "x" * 200):
        out = io.BytesIO()
        assert heir_report.print_register(db, attempt, "sv", out) is None
        assert out.getvalue() == b""
    # access ends at access_until: an expired claimant gets nothing either
    claim = db.get(HeirClaim, claim.id)
    claim.access_until = utcnow() - timedelta(minutes=1)
    db.add(claim)
    db.flush()
    out = io.BytesIO()
    assert heir_report.print_register(db, token, "sv", out) is None and out.getvalue() == b""
    assert _heir_views(db, owner.id) == []
