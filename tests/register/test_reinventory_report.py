"""The register report says when the register was last checked (the cover) and when each object was
(its row): read from the PDF with pypdf, as an adjuster reads it."""
from datetime import date, datetime, timezone

from pypdf import PdfReader

from cleverstore.services import register
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import runner
from tests.helpers.factories import make_account, make_item
from tests.helpers.reports import report_file

CREATED = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)


def _report_text(db, account, lang: str) -> list[str]:
    db.commit()
    job = runner.register_report(account.id, ItemQuery(), lang, report_id=f"R-INV-{lang}", created=CREATED,
                                 deterministic=True)
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(report_file(job))).pages]


def test_the_cover_and_the_rows_show_the_last_check(db):
    account = make_account(db, name="Olga Svensson")
    checked = make_item(db, account, name="Brödrost", location="Kök", purchase_price="300")
    make_item(db, account, name="Mixer", location="Kök", purchase_price="900")
    db.commit()
    register.check_item(account.id, checked.id, "still_here", today=date(2026, 11, 2))

    pages = _report_text(db, account, "sv")
    assert "Inventering kontrollerad 2026-11-02" in pages[0]
    rows = " ".join(pages[2:])
    assert "Kontrollerad 2026-11-02" in rows and rows.count("2026-11-02") == 1  # only the checked object

    english = _report_text(db, account, "en")
    assert "Inventory checked on 2026-11-02" in english[0]


def test_a_register_never_checked_says_nothing_about_it(db):
    account = make_account(db)
    make_item(db, account, name="Mixer", purchase_price="900")
    pages = _report_text(db, account, "sv")
    assert "Inventering kontrollerad" not in pages[0] and "Kontrollerad" not in " ".join(pages)
