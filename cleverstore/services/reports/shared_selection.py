"""The report behind a read-only link: the claim pack's PDF of exactly the link's objects, without an event,
and with purchase prices and documents only when the owner chose to show them.

Drawn straight into the answer (no report job): nothing lands in the owner's report list or on disk. Its
hash is kept like every issued report's, so the adjuster can check the copy on /verify.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import BinaryIO

from sqlmodel import Session

from cleverstore.models import Account
from cleverstore.services.reports import file_list, verification
from cleverstore.services.reports.claim_pack import _objects
from cleverstore.services.reports.data import owner_of
from cleverstore.services.reports.pdf.claim_report import ClaimReport, render_claim_report

HEADING_KEY = "share.report_title"


def write_shared_selection(db: Session, account_id: int, item_ids: list[int], out: BinaryIO, *, report_id: str,
                           created: datetime, lang: str, show_prices: bool, show_documents: bool,
                           today: date | None = None) -> int:
    """Write the PDF of these objects of the register to `out` (ValidationFailed when none is owned);
    returns how many objects it holds. The owner is named, their address is not."""
    objects, rows = _objects(db, account_id, item_ids, lang, today or date.today())
    for obj, (item, _category, _life) in zip(objects, rows):
        if not show_prices:  # an estimate worked out from the purchase price would tell the price
            obj.purchase_price_ore, obj.estimated_ore = None, item.current_value_ore
        if not show_documents:
            obj.documents = []
    files = file_list.for_items(db, account_id, [item.id for item, _c, _l in rows], lang)
    if not show_documents:
        files = [f for f in files if f.is_photo]
    owner = owner_of(db.get(Account, account_id))
    report = ClaimReport(report_id=report_id, created=created, lang=lang,
                         owner=type(owner)(name=owner.name, address_lines=(), customer_number=owner.customer_number,
                                           org_number=owner.org_number),
                         event=None, objects=objects, files=files, heading_key=HEADING_KEY, show_prices=show_prices)
    hashed = verification.HashingWriter(out)
    render_claim_report(report, hashed)
    verification.record_issued(db, report_id, "claim", hashed.hexdigest(), verification.local_day(created),
                               len(objects))
    return len(objects)
