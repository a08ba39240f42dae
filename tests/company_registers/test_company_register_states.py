"""SuperPro handlers: the customer's register switcher (forged ids refused) and the admin's set-up section."""
from __future__ import annotations

import pytest
from sqlmodel import select

from cleverstore.models import AuditEntry, AuthSession, Item
from cleverstore.services.company_registers import admin as company_register_admin
from cleverstore.state.admin.company_registers import AdminCompanyRegistersState
from cleverstore.state.dashboard import DashboardState
from cleverstore.state.item import ItemState
from cleverstore.state.register import RegisterState
from tests.helpers.factories import (
    admin_token,
    event_names,
    make_account,
    make_admin,
    make_item,
    signed_in_token,
    state_for,
)
from tests.company_registers.test_company_registers import org, superpro_customer


@pytest.fixture()
def two_firms(db):
    """Two company customers, each with a company register; the first also has a second one."""
    admin, _ = make_admin(db)
    owner = superpro_customer(db, name="Byrån AB", org_number=org(19))
    other = superpro_customer(db, name="Konkurrenten AB", org_number=org(20))
    add = company_register_admin.add_register
    alfa = add(db, admin.id, owner.id, {"company_name": "Alfa AB", "org_number": org(21)})
    beta = add(db, admin.id, owner.id, {"company_name": "Beta AB", "org_number": org(22)})
    foreign = add(db, admin.id, other.id, {"company_name": "Främmande AB", "org_number": org(23)})
    make_item(db, alfa, name="Alfas truck")
    make_item(db, foreign, name="Hemlig maskin")
    tokens = signed_in_token(db, owner), signed_in_token(db, other)
    db.commit()
    return owner, other, alfa, beta, foreign, tokens, admin


def _names(state) -> list[str]:
    return [row["name"] for row in state.rows]


def test_switching_changes_the_register_on_every_page_and_objects_stay_in_their_company(db, two_firms):
    owner, _other, alfa, beta, _foreign, (token, _), _admin = two_firms
    register = state_for(RegisterState, token=token, path="/register")
    register.on_load()
    assert [c["label"] for c in register.register_choices] == [
        f"Byrån AB ({org(19)})", f"Alfa AB ({alfa.org_number})", f"Beta AB ({beta.org_number})"]
    assert register.active_register == str(owner.id) and _names(register) == []
    result = register.switch_register(str(beta.id))
    assert "_call_script" in event_names(result) and "/register" in str(result.args)
    register.on_load()
    assert register.active_register_label == f"Beta AB ({beta.org_number})" and _names(register) == []
    form = state_for(ItemState, token=token, path="/object/new")
    form.load_form()
    form.save({"name": "Betas båt", "quantity": "1"})
    assert db.exec(select(Item.account_id).where(Item.name == "Betas båt")).one() == beta.id
    register.on_load()
    assert _names(register) == ["Betas båt"]
    register.switch_register(str(alfa.id))
    register.on_load()
    assert _names(register) == ["Alfas truck"]
    dashboard = state_for(DashboardState, token=token, path="/dashboard")
    dashboard.on_load()
    assert dashboard.active_register == str(alfa.id)
    # an object page of another company is not found in the open one
    beta_item = db.exec(select(Item.id).where(Item.name == "Betas båt")).one()
    view = state_for(ItemState, token=token, path="/object", query=f"id={beta_item}")
    view.load_view()
    assert view.not_found


def test_a_forged_register_id_is_refused_and_changes_nothing(db, two_firms):
    owner, other, alfa, _beta, foreign, (token, other_token), _admin = two_firms
    state = state_for(RegisterState, token=token, path="/register")
    state.on_load()
    state.switch_register(str(alfa.id))
    state.on_load()
    for forged in (str(foreign.id), str(other.id), "abc", "-1", "9" * 30):
        assert state.switch_register(forged) is None
        assert state.register_notice == "Det registret finns inte bland dina."
        state.on_load()
        assert state.active_register == str(alfa.id) and _names(state) == ["Alfas truck"]
    assert all(s.active_register_id in (alfa.id, None) for s in db.exec(select(AuthSession)).all())
    # the other customer cannot reach the first customer's registers either
    intruder = state_for(RegisterState, token=other_token, path="/register")
    intruder.on_load()
    assert intruder.switch_register(str(alfa.id)) is None
    intruder.on_load()
    assert intruder.active_register == str(other.id) and _names(intruder) == []
    assert [c["id"] for c in intruder.register_choices] == [str(other.id), str(foreign.id)]


def test_a_customer_without_company_registers_sees_no_switcher(db):
    plain = make_account(db)
    token = signed_in_token(db, plain)
    db.commit()
    state = state_for(RegisterState, token=token, path="/register")
    state.on_load()
    assert state.register_choices == [] and state.active_register == str(plain.id)


def test_admin_section_adds_renames_archives_and_removes_with_confirmation(db, two_firms):
    owner, _other, alfa, beta, _foreign, _tokens, admin = two_firms
    token = admin_token(db, admin)
    db.commit()
    state = state_for(AdminCompanyRegistersState, admin=token, path="/admin/customer", query=f"id={owner.id}")
    state.on_load()
    assert state.company_customer and state.company_plan
    assert [r["name"] for r in state.registers] == ["Alfa AB", "Beta AB"]
    assert [r["objects"] for r in state.registers] == ["1", "0"]
    state.add_register({"company_name": "Gamma AB", "org_number": "559030-3970"})
    assert list(state.errors) == ["org_number"] and len(state.registers) == 2
    state.add_register({"company_name": "Gamma AB", "org_number": org(24)})
    assert state.errors == {} and state.message == "Företagsregistret Gamma AB är upplagt."
    state.rename_register({"register_id": str(beta.id), "company_name": "Beta Holding AB", "org_number": "fel"})
    assert list(state.errors) == ["register"]
    state.rename_register({"register_id": str(beta.id), "company_name": "Beta Holding AB",
                           "org_number": beta.org_number})
    state.archive_register(str(beta.id))
    assert [(r["name"], r["archived"]) for r in state.registers] == [
        ("Alfa AB", ""), ("Beta Holding AB", "1"), ("Gamma AB", "")]
    state.remove_register({"register_id": str(alfa.id)})
    assert "register" in state.errors and len(state.registers) == 3
    state.remove_register({"register_id": str(alfa.id), "confirm": "on"})
    assert [r["name"] for r in state.registers] == ["Beta Holding AB", "Gamma AB"]
    assert state.message == "Registret är raderat (1 föremål)."
    actions = [e.action for e in db.exec(select(AuditEntry).where(AuditEntry.admin_id == admin.id)
                                         .order_by(AuditEntry.id)).all()]
    assert actions[-4:] == ["company_register_added", "company_register_renamed", "company_register_archived",
                            "company_register_removed"]


def test_admin_section_for_a_private_customer_offers_nothing(db):
    admin, _ = make_admin(db)
    private = make_account(db)
    token = admin_token(db, admin)
    db.commit()
    state = state_for(AdminCompanyRegistersState, admin=token, path="/admin/customer", query=f"id={private.id}")
    state.on_load()
    assert not state.company_customer and state.registers == [] and not state.company_plan


def test_admin_section_for_a_bas_company_says_superpro_comes_first(db):
    admin, _ = make_admin(db)
    bas = superpro_customer(db, "bas", name="Bas AB", org_number=org(25))
    token = admin_token(db, admin)
    db.commit()
    state = state_for(AdminCompanyRegistersState, admin=token, path="/admin/customer", query=f"id={bas.id}")
    state.on_load()
    assert state.company_customer and not state.company_plan
    state.add_register({"company_name": "Gamma AB", "org_number": org(24)})
    assert state.errors == {"company_name": "Företagsregister ingår i SuperPro. Sätt först kunden på ett "
                                            "SuperPro-avtal under Avtal."}
    assert state.registers == []
