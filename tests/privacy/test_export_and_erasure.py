"""The data export and the erasure: every table with customer data is covered, found from the metadata."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import String, Text
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

from cleverstore.models import (
    Account,
    ActivityEvent,
    ClaimDocument,
    ErasureReceipt,
    ErasureRequest,
    Item,
    ItemFile,
    OutgoingMail,
    SupportAccessView,
)
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import devices, sessions, two_factor
from cleverstore.services.heirs import claims
from cleverstore.services.operations import jobs
from cleverstore.services.privacy import erasure
from cleverstore.services.privacy import export as data_export
from cleverstore.services.register import catalogue, files
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.shared import activity, sensitive_files
from cleverstore.services.shared.customer_tables import (
    CHILD_TABLES,
    NOT_EXPORTED,
    RETAINED,
    account_tables,
    child_tables,
)
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.support import register_access, threads
from cleverstore.storage.files import get_store
from tests.helpers.factories import PASSWORD, make_account, make_admin, make_item
from tests.helpers.images import jpeg_with_gps

# Tables that hold no customer's personal data, and why. A new table must be listed here or have account_id.
NOT_CUSTOMER_DATA = {
    "account": "the customer itself (exported as konto.json, deleted last)",
    "loginfailure": "keyed hashes of e-mail/network, 15 minutes, no account link",
    "erasurereceipt": "keyed hash of an erased account id",
    "alembic_version": "schema version",
    "adminuser": "administrators (staff, not customers)",
    "adminsession": "administrators' sessions",
    "adminloginticket": "administrators' one-minute login tickets",
    "auditentry": "the append-only record of admin actions (ids and reasons, kept for accountability)",
    "maintenancewindow": "site-wide maintenance messages",
    "jobclaim": "when each scheduled job is next due and which app node ran it (service-wide)",
    "plan": "the plan catalogue",
    "stripeevent": "ids of processed Stripe webhooks (no personal data)",
    "retainedbillingrecord": "pseudonymised billing ids kept 7 years (Bokföringslagen); no account link",
    "securityeventday": "refused requests counted per day and kind (no customer, no address)",
    "reportverification": "issued reports' ids, PDF hashes, day and object count for /verify (no account link)",
}
PDF = b"%PDF-1.4\n% test document\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def _full_customer(db, name: str) -> Account:
    """A customer with a row in every customer table and files on disk."""
    account = make_account(db, name=name, email=f"{name.split()[0].lower()}@example.se")
    field = catalogue.save_custom_field(db, account.id, {"name": "Färg", "kind": "text"})
    item = make_item(db, account, name=f"Soffa från {name}", serial_number="=HYPERLINK(1)", tags="vardagsrum",
                     **{f"cf_{field.id}": f"Grön hos {name}"})
    device = devices.remember_login(db, account.id, "", "Firefox/1 Linux", "192.0.2.0/24")
    sessions.start_session(db, account.id, device_id=device.device_id)
    sessions.create_login_ticket(db, account.id)
    secret = two_factor.begin_setup(db, account.id)
    two_factor.confirm_setup(db, account.id, pyotp.TOTP(secret).now())
    claims.add_contact(db, account.id, {"contact_name": f"Arvinge till {name}", "contact_email": "arv@example.se"})
    claims.submit_claim(db, {"owner_email": account.email, "claimant_name": f"Arvinge till {name}",
                             "claimant_email": "arv@example.se", "reason": "death"},
                        [claims.Document("id", "id.pdf", PDF), claims.Document("death_certificate", "d.png", PNG)])
    (admin, _), (second, _) = make_admin(db), make_admin(db)
    claim = claims.claims_about(db, account.id)[0]
    claims.propose(db, admin.id, claim.id)
    token = claims._grant(db, claim)
    claims.redeem_invite(db, token)
    thread = threads.open_thread(db, account.id, f"Ärende från {name}", "Titta gärna")
    register_access.grant(db, account.id, thread.id)
    register_access.browse(db, admin.id, thread.id, ItemQuery(search="Soffa"))
    files.attach(db, account.id, item.id, "photo", jpeg_with_gps(), "soffa.jpg")
    files.attach(db, account.id, item.id, "receipt", PDF + name.encode(), f"kvitto {name}.pdf")
    return account


def _stored_names(db, account_id: int) -> list[str]:
    """The file store's names (originals, thumbnails, display renditions) of the account's photos and receipts."""
    rows = db.exec(select(ItemFile).where(ItemFile.account_id == account_id)).all()
    return [name for row in rows for name in (row.stored_name, row.thumb_name, row.display_rendition) if name]


def test_every_table_with_customer_data_is_covered():
    """Fails when a table is added that the export and erasure would not find."""
    import cleverstore.models  # noqa: F401

    covered = {t.name for t in account_tables()}
    children = {t.name for t in child_tables()}
    for table in SQLModel.metadata.sorted_tables:
        refers_to_account = any(fk.column.table.name == "account" for fk in table.foreign_keys)
        if table.name in children:
            # rows owned through a parent row: read through the parent, erased with it
            assert table.name in data_export.CHILD_EXPORTS, f"{table.name} is customer data missing from the export"
            parent = CHILD_TABLES.get(table.name)
            assert parent in covered, f"{table.name}: name its parent customer table in CHILD_TABLES"
            assert all(fk.ondelete == "CASCADE" for fk in table.foreign_keys
                       if fk.column.table.name == parent), f"{table.name} must go with its {parent}"
            continue
        if table.name in NOT_CUSTOMER_DATA:
            continue
        assert table.name in covered, f"{table.name} has no account_id column: add one or explain it here"
        assert refers_to_account, table.name
    assert set(NOT_CUSTOMER_DATA).isdisjoint(covered | children), "customer data listed as not customer data"
    assert set(data_export.CHILD_EXPORTS) == children == set(CHILD_TABLES)
    for name in NOT_EXPORTED:
        assert name in covered


def test_the_export_holds_a_row_for_every_customer_row_in_the_database(db):
    """Each customer table's rows (except the listed secrets) come out in the zip, the child tables included."""
    anna = _full_customer(db, "Anna Andersson")
    _full_customer(db, "Bengt Berg")
    archive = zipfile.ZipFile(io.BytesIO(data_export.build_export(db, anna.id)))
    for table in account_tables():
        if table.name in NOT_EXPORTED:
            continue
        stored = db.execute(sa_select(table).where(table.c.account_id == anna.id)).all()
        exported = json.loads(archive.read(f"data/{table.name}.json"))
        assert len(exported) == len(stored), table.name
    item_ids = [i.id for i in db.exec(select(Item).where(Item.account_id == anna.id)).all()]
    for table in child_tables():
        stored = db.execute(sa_select(table).where(table.c.item_id.in_(item_ids))).all()
        assert stored, f"the test customer should have a {table.name} row"
        assert len(json.loads(archive.read(f"data/{table.name}.json"))) == len(stored), table.name


@pytest.mark.usefixtures("file_store_backend")
def test_export_has_every_table_the_files_and_a_swedish_readme_without_secrets(db):
    anna = _full_customer(db, "Anna Andersson")
    bengt = _full_customer(db, "Bengt Berg")
    data = data_export.build_export(db, anna.id)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert {"LASMIG.txt", "konto.json", "data/item.json", "data/item.csv", "data/activityevent.json",
            "data/device.json", "data/legacycontact.csv"} <= names
    assert "Den här filen innehåller allt" in archive.read("LASMIG.txt").decode("utf-8")
    konto = json.loads(archive.read("konto.json"))
    assert konto["email"] == "anna@example.se" and "password_hash" not in konto
    items = json.loads(archive.read("data/item.json"))
    assert [i["name"] for i in items] == ["Soffa från Anna Andersson"]
    rows = list(csv.reader(io.StringIO(archive.read("data/item.csv").decode("utf-8")), delimiter=";"))
    serial = rows[0].index("serial_number")
    assert rows[1][serial] == "'=HYPERLINK(1)"  # no formula runs in a spreadsheet
    # the originals, a folder per object: Anna's photo and receipt, nothing of Bengt's
    originals = sorted(n for n in names if n.startswith("filer/"))
    item_id = items[0]["id"]
    assert len(originals) == 2
    assert all(n.startswith(f"filer/{item_id} Soffa från Anna Andersson/") for n in originals)
    photo = next(n for n in originals if n.endswith("soffa.jpg"))
    receipt = next(n for n in originals if n.endswith(".pdf"))
    assert archive.read(photo).startswith(b"\xff\xd8") and archive.read(receipt) == PDF + b"Anna Andersson"
    # the customer's own fields: field name and value per object, in JSON and CSV
    values = json.loads(archive.read("data/itemfieldvalue.json"))
    assert [(v["item_name"], v["field_name"], v["value"]) for v in values] == \
        [("Soffa från Anna Andersson", "Färg", "Grön hos Anna Andersson")]
    field_rows = list(csv.DictReader(io.StringIO(archive.read("data/itemfieldvalue.csv").decode("utf-8")),
                                     delimiter=";"))
    assert [(r["item_name"], r["field_name"], r["value"]) for r in field_rows] == \
        [("Soffa från Anna Andersson", "Färg", "Grön hos Anna Andersson")]
    assert [t["tag_name"] for t in json.loads(archive.read("data/itemtag.json"))] == ["vardagsrum"]
    assert "itemfieldvalue" in archive.read("LASMIG.txt").decode("utf-8")
    everything = b"".join(archive.read(n) for n in names)
    assert b"Bengt" not in everything
    assert b"$2b$" not in everything  # no bcrypt hash
    for name in NOT_EXPORTED:
        assert f"data/{name}.json" not in names
    assert any(e.kind == "data_exported" for e in activity.recent(db, anna.id))
    assert bengt.id != anna.id


def _customer_values(account: Account) -> set[str]:
    return {account.email, account.name, account.customer_number, account.street + "|" + account.phone}


@pytest.mark.usefixtures("file_store_backend")
def test_erasure_leaves_no_row_or_file_of_the_customer(db):
    anna = _full_customer(db, "Anna Andersson")
    bengt = _full_customer(db, "Bengt Berg")
    anna_id, anna_email = anna.id, anna.email
    anna_items = [i.id for i in db.exec(select(Item).where(Item.account_id == anna_id)).all()]
    anna_documents = [sensitive_files.document_name(anna_id, d.claim_id, d.stored_name) for d in
                      db.exec(select(ClaimDocument).where(ClaimDocument.account_id == anna_id)).all()]
    assert anna_documents and all(get_store().get(name) for name in anna_documents)  # her heir claim's evidence
    anna_files, bengt_files = _stored_names(db, anna_id), _stored_names(db, bengt.id)
    # photo, its thumbnail and display rendition, receipt
    assert len(anna_files) == 4 and all(get_store().get(name) for name in anna_files)
    assert db.exec(select(SupportAccessView).where(SupportAccessView.account_id == anna_id)).all()  # looked at
    # a subscription that has ended: nothing paid for, so the erasure is immediate
    from cleverstore.models import BillingAccount

    billing = db.exec(select(BillingAccount).where(BillingAccount.account_id == anna_id)).one()
    billing.status, billing.stripe_customer_id = "canceled", "cus_anna"
    db.add(billing)
    db.flush()
    outcome = erasure.request_erasure(db, anna_id, PASSWORD)
    assert outcome.erased_now
    db.commit()
    db.expire_all()
    # every column that points at an account: no row points at Anna
    for table in SQLModel.metadata.sorted_tables:
        for column in table.c:
            if any(fk.column.table.name == "account" for fk in column.foreign_keys) or \
                    (table.name == "account" and column.name == "id"):
                count = db.execute(sa_select(table).where(column == anna_id)).all()
                assert count == [], f"{table.name}.{column.name} still holds the erased customer"
    for table in child_tables():
        assert db.execute(sa_select(table).where(table.c.item_id.in_(anna_items))).all() == [], table.name
    # no text column anywhere holds her name or details (except the confirmation mail to her address)
    for table in SQLModel.metadata.sorted_tables:
        for column in table.c:
            if not isinstance(column.type, (String, Text)):
                continue
            for value in ("Anna Andersson", anna.customer_number, "Soffa från Anna"):
                hits = db.execute(sa_select(table).where(column.contains(value))).all()
                assert hits == [], f"{table.name}.{column.name} still holds {value!r}"
    leftover = db.exec(select(OutgoingMail).where(OutgoingMail.to_address == anna_email)).all()
    assert [m.kind for m in leftover] == ["erased"] and leftover[0].account_id is None
    assert [name for name in anna_documents if get_store().get(name) is not None] == []
    assert [name for name in anna_files if get_store().get(name) is not None] == []
    assert db.exec(select(ErasureReceipt)).one().subject_hash == erasure.subject_hash(anna_id)
    # Bengt is untouched
    assert db.get(Account, bengt.id) is not None
    assert [i.name for i in db.exec(select(Item).where(Item.account_id == bengt.id)).all()] == \
        ["Soffa från Bengt Berg"]
    assert all(get_store().get(name) for name in bengt_files)
    # and the delivered confirmation goes with the next purge a day later
    leftover[0].sent_at = utcnow() - timedelta(days=2)
    db.add(leftover[0])
    jobs.purge(db)
    assert db.exec(select(OutgoingMail).where(OutgoingMail.to_address == anna_email)).all() == []


def test_erasure_needs_the_password_and_changes_nothing_without_it(db):
    anna = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        erasure.request_erasure(db, anna.id, "fel lösenord här")
    assert failed.value.errors == {"erase_password": "error.wrong_password"}
    assert db.get(Account, anna.id) is not None


def test_a_paid_period_delays_erasure_until_its_end_and_can_be_cancelled(db, monkeypatch):
    anna = make_account(db)
    end = utcnow() + timedelta(days=90)
    monkeypatch.setattr(erasure, "_paid_period_end", lambda db, account_id: end)
    outcome = erasure.request_erasure(db, anna.id, PASSWORD)
    assert not outcome.erased_now and outcome.effective_at == end
    assert erasure.run_due(db) == 0 and db.get(Account, anna.id) is not None
    assert db.exec(select(OutgoingMail).where(OutgoingMail.kind == "erasure_scheduled")).first() is not None
    assert erasure.cancel_erasure(db, anna.id) is True
    erasure.request_erasure(db, anna.id, PASSWORD)
    request = db.exec(select(ErasureRequest)).one()
    request.effective_at = utcnow() - timedelta(seconds=1)
    db.add(request)
    assert jobs.run_all(db)["erased"] == 1
    assert db.get(Account, anna.id) is None


def test_retained_tables_are_pseudonymised_not_deleted(db, monkeypatch):
    """The accounting-law hook: a registered table is rewritten by its function instead of deleted."""
    anna = make_account(db)
    seen = []
    table = ActivityEvent.__table__

    def pseudonymise(session, account_id: int, hashed: str) -> None:
        seen.append((account_id, hashed))
        # a real hook rewrites the rows to the hash; activity rows have a foreign key, so they go here
        session.execute(table.delete().where(table.c.account_id == account_id))

    monkeypatch.setitem(RETAINED, "activityevent", pseudonymise)
    erasure.erase_account(db, anna.id)
    assert seen == [(anna.id, erasure.subject_hash(anna.id))]


def test_marketing_consent_is_off_by_default_and_recorded(db):
    anna = make_account(db)
    assert anna.marketing_consent_at is None
    assert accounts.set_marketing_consent(db, anna.id, True).marketing_consent_at is not None
    assert accounts.set_marketing_consent(db, anna.id, False).marketing_consent_at is None
    assert [e.kind for e in activity.recent(db, anna.id)][:2] == ["consent_off", "consent_on"]


def test_purge_removes_ended_sessions_tickets_and_tokens(db):
    anna = make_account(db)
    token = sessions.start_session(db, anna.id)
    sessions.create_login_ticket(db, anna.id)
    sessions.revoke(db, token)
    from cleverstore.models import AuthSession, EmailToken, LoginTicket

    for row in db.exec(select(AuthSession)).all():
        row.revoked_at = utcnow() - timedelta(days=2)
        db.add(row)
    for row in db.exec(select(LoginTicket)).all():
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.add(row)
    for row in db.exec(select(EmailToken)).all():
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.add(row)
    db.flush()
    counts = jobs.purge(db)
    assert counts["sessions"] == 2 and counts["tokens"] == 1
    assert db.exec(select(AuthSession)).all() == [] and db.exec(select(LoginTicket)).all() == []
    assert db.exec(select(EmailToken)).all() == []


def test_erasure_keeps_billing_ids_pseudonymised(db):
    from cleverstore.models import BillingAccount, RetainedBillingRecord
    from cleverstore.services.privacy import erasure

    account = make_account(db)
    row = db.exec(select(BillingAccount).where(BillingAccount.account_id == account.id)).one()
    row.stripe_customer_id, row.subscription_id = "cus_test123", "sub_test123"
    db.add(row)
    db.flush()
    erasure.erase_account(db, account.id)
    kept = db.exec(select(RetainedBillingRecord)).one()
    assert kept.stripe_customer_id == "cus_test123" and kept.subject_hash == erasure.subject_hash(account.id)
    assert db.exec(select(BillingAccount)).all() == []


def test_erasure_waits_for_the_end_of_a_paid_subscription(db):
    from datetime import timedelta

    from cleverstore.models import BillingAccount
    from cleverstore.models.base import utcnow
    from cleverstore.services.privacy import erasure

    paying = make_account(db)
    row = db.exec(select(BillingAccount).where(BillingAccount.account_id == paying.id)).one()
    row.subscription_id, row.status = "sub_live", "active"
    row.current_period_end = utcnow() + timedelta(days=200)
    db.add(row)
    db.flush()
    assert erasure.erasure_effective_date(db, paying) == row.current_period_end  # later than notice + 3 months
    unpaid = make_account(db, subscribed=False)
    assert abs((erasure.erasure_effective_date(db, unpaid) - utcnow()).total_seconds()) < 5
