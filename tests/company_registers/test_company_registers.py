"""SuperPro company registers: admin set-up, ownership, switching, billing through the owner,
and every place that lists accounts, exports or erases them."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

from cleverstore.models import (
    Account,
    AuditEntry,
    AuthSession,
    CompanyRegister,
    Item,
    SuperProRequest,
)
from cleverstore.services.accounts import login, sessions
from cleverstore.services.accounts import registers as company_registers
from cleverstore.services.admin import customers, statistics
from cleverstore.config import OPERATOR_ORG_NUMBER
from cleverstore.services.billing import plans, rules, superpro
from cleverstore.services.company_registers import company_registers_of
from cleverstore.services.company_registers import admin as company_register_admin
from cleverstore.services.privacy import erasure, export
from cleverstore.services.register import files
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.validation import luhn_ok
from cleverstore.storage.files import get_store
from tests.helpers.factories import (
    PASSWORD,
    make_account,
    make_admin,
    make_item,
    signed_in_token,
    subscribe,
)
from tests.helpers.images import jpeg_with_gps


def org(serial: int) -> str:
    """A valid Swedish organisation number (Luhn check digit) for test companies."""
    body = f"5569{serial:05d}"
    check = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def superpro_customer(db, plan_code: str = "superpro", **details) -> Account:
    """A company customer whose live subscription is on `plan_code` (SuperPro: by written agreement)."""
    plans.ensure_seeded(db)
    owner = make_account(db, subscribed=False, kind="company", **details)
    subscribe(db, owner, plan_code=plan_code)
    return owner


@pytest.fixture()
def firm(db):
    """A company customer (an accounting firm) on a SuperPro agreement with two company registers."""
    owner = superpro_customer(db, name="Byrån AB", org_number=org(90))
    admin, _ = make_admin(db)
    alfa = company_register_admin.add_register(db, admin.id, owner.id, {"company_name": "Alfa AB",
                                                                        "org_number": org(1)})
    beta = company_register_admin.add_register(db, admin.id, owner.id, {"company_name": "Beta AB",
                                                                        "org_number": org(2)})
    db.flush()
    return owner, admin, alfa, beta


def _session(db, account) -> AuthSession:
    token = signed_in_token(db, account)
    return sessions.resolve(db, token)[1]


def test_admin_adds_registers_that_can_never_log_in_and_answers_the_request(db):
    owner = superpro_customer(db, name="Förvaltning AB", org_number=org(91))
    request = superpro.submit_request(db, owner.id, {"company_count": "2", "message": "Två bolag"})
    admin, _ = make_admin(db)
    register = company_register_admin.add_register(db, admin.id, owner.id,
                                                   {"company_name": " Gamma AB ", "org_number": "16" + org(3).replace("-", "")})
    assert (register.kind, register.name, register.customer_number) == ("register", "Gamma AB", None)
    assert register.org_number == org(3)
    assert register.email.endswith("@registers.invalid") and not register.password_hash.startswith("$2")
    assert db.get(SuperProRequest, request.id).handled_at is not None
    actions = [e.action for e in db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]
    assert actions[-2:] == ["company_register_added", "superpro_handled"]
    # the register is no login: not with any password, not by e-mail look-up, not with a forged session
    assert not login.attempt_login(db, register.email, PASSWORD, "192.0.2.0/24").ok
    assert login.attempt_login(db, register.email, register.password_hash, "192.0.2.0/24").ticket == ""
    token = sessions.start_session(db, register.id)
    assert sessions.resolve(db, token) is None


@pytest.mark.parametrize("form, errors", [
    ({"company_name": "", "org_number": org(6)}, {"company_name": "error.required"}),
    ({"company_name": "X AB", "org_number": "55903-3979"}, {"org_number": "error.org_number_format"}),
    ({"company_name": "X AB", "org_number": "559030-3970"}, {"org_number": "error.org_number_checksum"}),
])
def test_bad_company_details_are_refused_and_nothing_is_created(db, form, errors):
    owner = superpro_customer(db, org_number=org(92))
    admin, _ = make_admin(db)
    with pytest.raises(ValidationFailed) as refused:
        company_register_admin.add_register(db, admin.id, owner.id, form)
    assert refused.value.errors == errors
    assert company_registers.company_registers(db, owner.id) == []


def test_only_a_company_customer_gets_registers_and_an_org_number_is_used_once(db, firm):
    owner, admin, alfa, _beta = firm
    private = make_account(db)
    with pytest.raises(ValidationFailed) as refused:
        company_register_admin.add_register(db, admin.id, private.id, {"company_name": "A", "org_number": org(4)})
    assert refused.value.errors == {"company_name": "error.register_company_only"}
    with pytest.raises(ValidationFailed) as taken:
        company_register_admin.add_register(db, admin.id, owner.id, {"company_name": "Igen",
                                                                     "org_number": alfa.org_number})
    assert taken.value.errors == {"org_number": "error.register_org_taken"}
    with pytest.raises(NotFound):  # a register cannot own registers
        company_register_admin.add_register(db, admin.id, alfa.id, {"company_name": "B", "org_number": org(5)})


@pytest.mark.parametrize("plan_code, status", [("bas", "active"), ("plus", "active"), ("superpro", "canceled")])
def test_company_registers_need_a_live_superpro_agreement(db, plan_code, status):
    owner = superpro_customer(db, plan_code, org_number=org(93))
    row = rules.billing_row(db, owner.id)
    row.status = status
    db.add(row)
    admin, _ = make_admin(db)
    with pytest.raises(ValidationFailed) as refused:
        company_register_admin.add_register(db, admin.id, owner.id, {"company_name": "A AB", "org_number": org(4)})
    assert refused.value.errors == {"company_name": "error.register_needs_superpro"}
    assert company_registers.company_registers(db, owner.id) == []
    db.commit()
    found = company_registers_of(str(owner.id))
    assert found.company_customer and not found.on_company_plan


def test_the_owners_own_org_number_and_the_operators_are_refused_so_the_switcher_never_repeats(db, firm):
    owner, admin, alfa, _beta = firm
    for org_number, error in ((owner.org_number, "error.register_org_owner"),
                              (OPERATOR_ORG_NUMBER, "error.register_org_operator"),
                              ("5590303979", "error.register_org_operator")):
        with pytest.raises(ValidationFailed) as refused:
            company_register_admin.add_register(db, admin.id, owner.id, {"company_name": owner.name,
                                                                         "org_number": org_number})
        assert refused.value.errors == {"org_number": error}
        with pytest.raises(ValidationFailed):  # nor by renaming one
            company_register_admin.rename_register(db, admin.id, alfa.id, {"company_name": "Alfa AB",
                                                                           "org_number": org_number})
    active = company_registers.active_register(db, owner, _session(db, owner))
    labels = [(c.name, c.org_number) for c in active.choices]
    assert len(labels) == len(set(labels)) == 3
    assert len({c.org_number for c in active.choices}) == 3


def test_rename_archive_restore_and_remove_are_audited_and_removal_of_objects_needs_confirmation(db, firm):
    owner, admin, alfa, beta = firm
    company_register_admin.rename_register(db, admin.id, alfa.id, {"company_name": "Alfa Holding AB",
                                                                  "org_number": alfa.org_number})
    assert db.get(Account, alfa.id).name == "Alfa Holding AB"
    company_register_admin.set_archived(db, admin.id, beta.id, True)
    assert [a.name for a in company_registers.company_registers(db, owner.id)] == ["Alfa Holding AB"]
    company_register_admin.set_archived(db, admin.id, beta.id, False)
    make_item(db, db.get(Account, beta.id), name="Kassaskåp")
    with pytest.raises(ValidationFailed) as refused:
        company_register_admin.remove_register(db, admin.id, beta.id, confirmed=False)
    assert refused.value.errors == {"confirm": "error.register_has_objects"}
    assert db.get(Account, beta.id) is not None
    assert company_register_admin.remove_register(db, admin.id, beta.id, confirmed=True) == 1
    assert db.get(Account, beta.id) is None
    assert db.exec(select(Item).where(Item.account_id == beta.id)).all() == []
    rows = company_register_admin.registers_for_admin(db, owner.id)
    assert [(r.name, r.objects, r.archived) for r in rows] == [("Alfa Holding AB", 0, False)]
    actions = [e.action for e in db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]
    assert actions[-4:] == ["company_register_renamed", "company_register_archived", "company_register_restored",
                            "company_register_removed"]


def test_switching_is_limited_to_the_owners_live_registers_and_is_rechecked_on_every_use(db, firm):
    owner, admin, alfa, beta = firm
    other = superpro_customer(db, org_number=org(9))
    stranger = company_register_admin.add_register(db, admin.id, other.id, {"company_name": "Främmande AB",
                                                                            "org_number": org(8)})
    session = _session(db, owner)
    assert company_registers.active_register(db, owner, session).account_id == owner.id
    active = company_registers.switch(db, owner, session, str(beta.id))
    assert (active.account_id, active.name) == (beta.id, "Beta AB")
    assert [c.name for c in active.choices] == ["Byrån AB", "Alfa AB", "Beta AB"]
    for forged in (stranger.id, other.id, "x", "", 999_999):
        with pytest.raises(NotFound):
            company_registers.switch(db, owner, session, forged)
        assert company_registers.active_register(db, owner, session).account_id == beta.id
    # a value written behind our back is never trusted: it falls back to the owner's own register
    session.active_register_id = stranger.id
    assert company_registers.active_register(db, owner, session).account_id == owner.id
    session.active_register_id = beta.id
    company_register_admin.set_archived(db, admin.id, beta.id, True)
    assert company_registers.active_register(db, owner, session).account_id == owner.id
    company_registers.switch(db, owner, session, owner.id)
    assert session.active_register_id is None


def test_a_company_register_is_open_while_the_owners_subscription_is(db, firm):
    owner, _admin, alfa, _beta = firm
    assert rules.register_open(db, alfa.id)
    billing = rules.billing_row(db, owner.id)
    billing.status = "canceled"
    db.add(billing)
    db.flush()
    assert not rules.register_open(db, alfa.id)
    assert not rules.register_open(db, owner.id)


def test_admin_search_statistics_and_overview_leave_registers_out(db, firm):
    owner, _admin, alfa, _beta = firm
    make_item(db, alfa, name="Server")
    result = customers.search(db, "AB")
    assert [a.id for a in result.rows] == [owner.id] and result.matching == 1
    assert customers.search(db, alfa.org_number).rows == []
    assert customers.search(db).matching == 1
    with pytest.raises(NotFound):
        customers.overview(db, alfa.id)
    stats = statistics.collect(db, date.today())
    assert stats.customers_total == 1 and stats.customers_by_kind == {"company": 1}
    assert sum(n for _m, n in stats.new_customers_by_month) == 1
    assert stats.objects_total == 1  # the objects are the customer's, wherever they are kept


def test_the_owners_export_holds_every_register_in_its_own_company_folder(db, firm):
    owner, _admin, alfa, beta = firm
    make_item(db, owner, name="Byråns kopiator")
    make_item(db, alfa, name="Alfas truck")
    boat = make_item(db, beta, name="Betas båt")
    photo = files.attach(db, beta.id, boat.id, "photo", jpeg_with_gps(), "bat.jpg")
    archive = zipfile.ZipFile(io.BytesIO(export.build_export(db, owner.id)))
    names = set(archive.namelist())
    beta_folder = f"foretag/{beta.org_number}-Beta_AB/"
    assert [i["name"] for i in json.loads(archive.read("data/item.json"))] == ["Byråns kopiator"]
    assert [i["name"] for i in json.loads(archive.read(f"foretag/{alfa.org_number}-Alfa_AB/data/item.json"))] == \
        ["Alfas truck"]
    assert [i["name"] for i in json.loads(archive.read(beta_folder + "data/item.json"))] == ["Betas båt"]
    assert json.loads(archive.read(beta_folder + "konto.json"))["org_number"] == beta.org_number
    assert archive.read(f"{beta_folder}filer/{boat.id} Betas båt/photo-{photo.id}-bat.jpg") == \
        get_store().get(photo.stored_name)
    assert "Beta AB" in archive.read(beta_folder + "LASMIG.txt").decode("utf-8")
    links = json.loads(archive.read("data/companyregister.json"))
    assert sorted(link["register_account_id"] for link in links) == sorted([alfa.id, beta.id])
    assert not any(n.startswith("foretag/") for n in zipfile.ZipFile(io.BytesIO(
        export.build_export(db, make_account(db).id))).namelist())


def test_erasing_the_owner_erases_every_company_register_row_and_file(db, firm):
    owner, _admin, alfa, beta = firm
    bystander = make_account(db, kind="company", org_number=org(7))
    make_item(db, alfa, name="Alfas truck")
    make_item(db, bystander, name="Grannens stege")
    session = _session(db, owner)
    company_registers.switch(db, owner, session, beta.id)
    boat = make_item(db, beta, name="Betas båt")
    photo = files.attach(db, beta.id, boat.id, "photo", jpeg_with_gps(), "bat.jpg")
    stored = [photo.stored_name, photo.thumb_name]
    billing = rules.billing_row(db, owner.id)
    billing.status = "canceled"
    db.add(billing)
    db.flush()
    ids = {owner.id, alfa.id, beta.id}
    assert erasure.request_erasure(db, owner.id, PASSWORD).erased_now
    db.commit()
    db.expire_all()
    for table in SQLModel.metadata.sorted_tables:
        for column in table.c:
            if any(fk.column.table.name == "account" for fk in column.foreign_keys) or \
                    (table.name == "account" and column.name == "id"):
                hits = db.execute(sa_select(table).where(column.in_(ids))).all()
                assert hits == [], f"{table.name}.{column.name} still holds an erased register"
    assert db.exec(select(CompanyRegister)).all() == []
    assert [name for name in stored if get_store().get(name) is not None] == []
    assert [i.name for i in db.exec(select(Item)).all()] == ["Grannens stege"]
