"""The one table of plan limits: data on the plan, read for the register that pays for it, enforced where an
object, a file, a claim pack or a label sheet is added. Over a limit the customer keeps reading, editing and
exporting; only adding beyond it is refused, with the limit's message, and nothing changes."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from cleverstore.models import BillingAccount, Item, ItemFile, Plan
from cleverstore.services.billing import plan_offers, plan_usage
from cleverstore.services.billing.plans import GB, SEED, ensure_seeded
from cleverstore.services.company_registers import admin as company_register_admin
from cleverstore.services.imports import export
from cleverstore.services.register import RejectedFile, capture_photo, save_item
from cleverstore.services.register.actions import attach_file
from cleverstore.services.reports import make_claim_pack, make_label_sheet
from cleverstore.services.reports.claim_pack import ClaimEvent
from cleverstore.services.shared import plan_limits
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.presenters.billing import limit_lines, usage_lines
from tests.helpers.factories import make_account, make_admin, make_item, subscribe
from tests.helpers.images import jpeg_with_gps
from tests.company_registers.test_company_registers import org


@pytest.fixture()
def plans(db):
    """The seeded catalogue with Bas made small (three objects) so a test can fill it."""
    ensure_seeded(db)
    bas = db.exec(select(Plan).where(Plan.code == "bas")).one()
    bas.max_objects = 3
    db.add(bas)
    db.commit()
    return bas


def _count(db, account_id) -> int:
    db.expire_all()
    return len(db.exec(select(Item.id).where(Item.account_id == account_id)).all())


def test_the_seed_holds_the_limits_as_data():
    by_code = {seed.code: seed for seed in SEED}
    assert (by_code["bas"].max_objects, by_code["bas"].max_stored_bytes, by_code["bas"].max_members) == (1_000, 5 * GB, 1)
    assert not by_code["bas"].claim_pack and not by_code["bas"].qr_labels
    assert (by_code["plus"].max_objects, by_code["plus"].max_stored_bytes, by_code["plus"].max_members) == (None, 50 * GB, 5)
    assert by_code["plus"].claim_pack and by_code["plus"].qr_labels
    assert by_code["superpro"].max_objects is None and by_code["superpro"].max_members is None
    assert by_code["superpro"].max_stored_bytes == 500 * GB


def test_the_plan_cards_write_the_limits_from_the_figures(db):
    ensure_seeded(db)
    db.commit()
    cards = {offer.code: offer for offer in plan_offers()}
    assert limit_lines(cards["bas"], "sv")[:3] == ["Upp till 1\u00a0000 föremål", "5\u00a0GB lagring för foton och dokument",
                                                 "Dela registret med en person"]
    assert "Skadeanmälningspaket" not in limit_lines(cards["bas"], "sv")
    assert limit_lines(cards["plus"], "en")[:5] == ["Unlimited items", "50\u00a0GB of storage for photos and documents",
                                                  "Share the register with 5 people", "Claim packs", "QR labels"]
    bas = db.exec(select(Plan).where(Plan.code == "bas")).one()
    bas.max_objects = 1_500  # an admin's change of the figure is what the page says
    db.add(bas)
    db.commit()
    assert limit_lines({o.code: o for o in plan_offers()}["bas"], "sv")[0] == "Upp till 1\u00a0500 föremål"


def test_no_subscription_gets_the_most_limited_plan_and_an_empty_catalogue_limits_nothing(db):
    owner = make_account(db, subscribed=False)
    db.commit()
    assert plan_limits.limits_for(db, owner.id) == plan_limits.UNLIMITED
    ensure_seeded(db)
    db.commit()
    assert plan_limits.limits_for(db, owner.id).plan_code == "bas"


def test_bas_refuses_the_object_beyond_its_limit_and_changes_nothing(db, plans):
    owner = make_account(db)
    for n in range(3):
        make_item(db, owner, name=f"Sak {n}")
    db.commit()
    with pytest.raises(ValidationFailed) as refused:
        save_item(owner.id, "", {"name": "En till", "quantity": "1"})
    assert refused.value.errors == {"limit": "limit.objects"}
    assert _count(db, owner.id) == 3
    with pytest.raises(RejectedFile) as photo:  # capture (photos first) makes an object: refused too
        capture_photo(owner.id, "", jpeg_with_gps(), "IMG_1.jpg")
    assert photo.value.key == "limit.objects"
    assert _count(db, owner.id) == 3
    assert db.exec(select(ItemFile).where(ItemFile.account_id == owner.id)).all() == []


def test_at_the_limit_reading_editing_photos_and_export_still_work(db, plans):
    owner = make_account(db)
    first = make_item(db, owner, name="Sak 0")
    for n in range(1, 3):
        make_item(db, owner, name=f"Sak {n}")
    db.commit()
    save_item(owner.id, str(first.id), {"name": "Sak noll", "quantity": "2"})  # editing is never limited
    capture_photo(owner.id, str(first.id), jpeg_with_gps(), "IMG_2.jpg")  # a photo of an object that exists
    assert attach_file(owner.id, str(first.id), "photo", jpeg_with_gps(), "IMG_3.jpg")
    csv_text = b"".join(export.export_register_csv(owner.id, separator=";", lang="sv")).decode("utf-8-sig")
    assert "Sak noll" in csv_text
    usage = plan_usage(owner.id)
    assert (usage.objects, usage.max_objects) == (3, 3)
    assert usage_lines(usage, "sv")[0] == "Du använder 3 av 3 föremål"
    db.expire_all()  # the limit lowered below what the register holds: nothing is locked, nothing removed
    plans.max_objects = 1
    db.add(plans)
    db.commit()
    save_item(owner.id, str(first.id), {"name": "Sak ett", "quantity": "1"})
    assert _count(db, owner.id) == 3


def test_plus_is_not_limited(db, plans):
    owner = make_account(db, subscribed=False)
    subscribe(db, owner, plan_code="plus")
    for n in range(5):
        make_item(db, owner, name=f"Sak {n}")
    db.commit()
    save_item(owner.id, "", {"name": "Sjätte", "quantity": "1"})
    assert _count(db, owner.id) == 6
    limits = plan_limits.limits_for(db, owner.id)
    assert limits.claim_pack and limits.qr_labels and limits.max_objects is None


def test_stored_bytes_refuse_the_file_that_does_not_fit(db, plans):
    owner = make_account(db)
    item = make_item(db, owner, name="Kamera")
    db.commit()
    attach_file(owner.id, str(item.id), "photo", jpeg_with_gps(), "a.jpg")
    used = plan_limits.stored_bytes(db, owner.id)
    plans.max_stored_bytes = used + 10  # the next photo does not fit
    db.add(plans)
    db.commit()
    with pytest.raises(RejectedFile) as refused:
        attach_file(owner.id, str(item.id), "photo", jpeg_with_gps(), "b.jpg")
    assert refused.value.key == "limit.storage"
    db.expire_all()
    assert len(db.exec(select(ItemFile).where(ItemFile.account_id == owner.id)).all()) == 1


def test_claim_pack_and_labels_are_plus_and_up(db, plans):
    owner = make_account(db)
    item = make_item(db, owner, name="Tv")
    db.commit()
    event = ClaimEvent(kind="burglary", event_date=date(2026, 12, 1), police_report="", description="")
    with pytest.raises(ValidationFailed) as claim:
        make_claim_pack(owner.id, [item.id], event, "sv")
    assert claim.value.errors == {"limit": "limit.claim_pack"}
    with pytest.raises(ValidationFailed) as labels:
        make_label_sheet(owner.id, {}, "sv")
    assert labels.value.errors == {"limit": "limit.qr_labels"}


def test_a_company_register_follows_its_owners_plan(db, plans):
    owner = make_account(db, subscribed=False, kind="company", name="Byrån AB", org_number=org(80))
    subscribe(db, owner, plan_code="superpro")  # company registers come with a SuperPro agreement
    admin, _ = make_admin(db)
    alfa = company_register_admin.add_register(db, admin.id, owner.id, {"company_name": "Alfa AB",
                                                                        "org_number": org(1)})
    db.commit()
    assert plan_limits.limits_for(db, alfa.id).plan_code == "superpro"  # the owner's plan, not "no subscription"
    for n in range(3):
        save_item(alfa.id, "", {"name": f"Pärm {n}", "quantity": "1"})
    row = db.exec(select(BillingAccount).where(BillingAccount.account_id == owner.id)).one()
    row.plan_code = "bas"  # the agreement ended and the owner went back to Bas
    db.add(row)
    db.commit()
    assert plan_limits.limits_for(db, alfa.id).plan_code == "bas"
    with pytest.raises(ValidationFailed):
        save_item(alfa.id, "", {"name": "Pärm 4", "quantity": "1"})
    assert _count(db, alfa.id) == 3
    row.plan_code = "superpro"
    db.add(row)
    db.commit()
    save_item(alfa.id, "", {"name": "Pärm 4", "quantity": "1"})
    assert _count(db, alfa.id) == 4


@pytest.fixture()
def migration_db(data_dir, monkeypatch):
    from cleverstore.config import reset_settings
    from tests.helpers.databases import fresh_database_url

    url = fresh_database_url("migrations", data_dir)
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings()
    yield url
    monkeypatch.undo()
    reset_settings()


def test_the_migration_sets_the_limits_on_existing_plans(migration_db):
    """A database seeded before the limits existed gets the seed's figures, and the feature lines that
    repeated a limit in words leave feature_keys (the pages write them from the figures)."""
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from alembic import command
    from cleverstore.config import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    command.upgrade(config, "e3c8f5b0d2a1")
    engine = create_engine(migration_db)
    with engine.begin() as conn:
        for code, objects, keys in (("bas", 1000, "plan.feature.objects_1000,plan.feature.photos,plan.feature.reports"),
                                    ("plus", None, "plan.feature.objects_unlimited,plan.feature.photos,"
                                                   "plan.feature.reports,plan.feature.claims"),
                                    ("superpro", None, "plan.feature.companies,plan.feature.invoice")):
            conn.execute(text("INSERT INTO plan (code, name, max_objects, feature_keys, sort_order, active, updated_at)"
                              " VALUES (:code, :code, :objects, :keys, 0, true, '2026-01-01 00:00:00')"),
                         {"code": code, "objects": objects, "keys": keys})
    command.upgrade(config, "head")
    with engine.connect() as conn:
        rows = {r.code: r for r in conn.execute(text(
            "SELECT code, max_objects, max_stored_bytes, max_members, claim_pack, qr_labels, feature_keys FROM plan"))}
    engine.dispose()
    assert (rows["bas"].max_objects, rows["bas"].max_stored_bytes, rows["bas"].max_members) == (1000, 5 * GB, 1)
    assert not rows["bas"].claim_pack and not rows["bas"].qr_labels
    assert rows["bas"].feature_keys == "plan.feature.photos,plan.feature.reports"
    assert (rows["plus"].max_objects, rows["plus"].max_stored_bytes, rows["plus"].max_members) == (None, 50 * GB, 5)
    assert rows["plus"].claim_pack and rows["plus"].qr_labels
    assert rows["plus"].feature_keys == "plan.feature.photos,plan.feature.reports"
    assert rows["superpro"].max_members is None and rows["superpro"].max_stored_bytes == 500 * GB
    assert rows["superpro"].feature_keys == "plan.feature.companies,plan.feature.invoice"
