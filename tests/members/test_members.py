"""Household members: invitations, joining, roles, limits, the owner's lock and the erasures."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.models import Account, ActivityEvent, BillingAccount, ItemChange, MemberInvite, OutgoingMail, RegisterMember
from cleverstore.models.base import utcnow
from cleverstore.services import members
from cleverstore.services.access import identify, register_caller, signed_in_home, switch_register
from cleverstore.services.admin import customers
from cleverstore.services.billing import plans
from cleverstore.services.privacy import erasure
from cleverstore.services.register import history, items
from cleverstore.services.shared.actors import FORMER_MEMBER, Actor
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from tests.helpers.factories import make_account, make_admin, make_item, signed_in_token, subscribe


def _confirmed(account: Account) -> Account:
    """As the sign-up's e-mail link leaves an account: the address confirmed."""
    account.email_verified_at = utcnow()
    return account


@pytest.fixture()
def household(db):
    """Anna pays for Bas; Erik (no subscription of his own) is invited as editor."""
    plans.ensure_seeded(db)
    anna = make_account(db, name="Anna Ägare", email="anna@example.se")
    erik = _confirmed(make_account(db, subscribed=False, name="Erik Medlem", email="erik@example.se"))
    db.commit()
    return anna, erik


def _link_token(db, to: str) -> str:
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.to_address == to, OutgoingMail.kind == "member_invite")
                   .order_by(OutgoingMail.id.desc())).first()
    return re.search(r"/members/join\?token=([A-Za-z0-9_-]+)", mail.body).group(1)


def _join(db, owner: Account, person: Account, role: str = "editor") -> str:
    """Invite, follow the mailed link, join; the person's session token."""
    members.invite_member(owner.id, owner.id, {"email": person.email, "role": role})
    db.expire_all()
    invite = members.invite_from_link(_link_token(db, person.email))
    token = signed_in_token(db, person)
    db.commit()
    caller = identify(token, with_register=False).caller
    members.join_register(person.id, caller.session_id, invite.id)
    return token


def test_an_invited_person_joins_and_works_in_the_owners_register_as_editor(db, household):
    anna, erik = household
    members.invite_member(anna.id, anna.id, {"email": " Erik@Example.se ", "role": "editor"})
    db.expire_all()
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.to_address == "erik@example.se",
                                              OutgoingMail.kind == "member_invite")).one()
    assert "Anna Ägare" in mail.subject and "redigerare" in mail.body
    token = _link_token(db, "erik@example.se")
    stored = db.exec(select(MemberInvite)).one()
    assert token not in stored.token_hash and len(token) >= 22  # ≥ 128 random bits, kept only hashed
    invite = members.invite_from_link(token)
    assert (invite.owner_name, invite.role, invite.email) == ("Anna Ägare", "editor", "erik@example.se")
    erik_token = signed_in_token(db, erik)
    db.commit()
    assert signed_in_home(identify(erik_token, with_register=False).caller) == "/members"  # the invitation waits
    waiting = members.sharing_overview(erik.id, erik.id)
    assert [i.id for i in waiting.invites_for_me] == [invite.id] and not waiting.owner  # nothing of his to share
    with pytest.raises(ValidationFailed) as closed:  # an unpaid register is not shared
        members.invite_member(erik.id, erik.id, {"email": "x@example.se", "role": "viewer"})
    assert closed.value.errors == {"email": "members.register_closed"}
    members.join_register(erik.id, identify(erik_token, with_register=False).caller.session_id, invite.id)

    seen = identify(erik_token, with_register=True)
    assert seen.register_open and seen.caller.account_id == anna.id and seen.caller.role == "editor"
    assert seen.caller.can_edit and not seen.caller.is_owner and seen.caller.person_account_id == erik.id
    assert [(c.name, c.role) for c in seen.register.choices] == [("Erik Medlem", "owner"), ("Anna Ägare", "editor")]
    assert signed_in_home(seen.caller) == "/register"
    assert members.invite_from_link(token) is None  # used once
    overview = members.sharing_overview(anna.id, anna.id)
    assert [(m.name, m.role) for m in overview.members] == [("Erik Medlem", "editor")] and overview.limit == 1
    assert overview.members[0].last_active_at is not None


def test_only_the_invited_confirmed_address_joins(db, household):
    anna, erik = household
    stranger = _confirmed(make_account(db, subscribed=False, email="stranger@example.se"))
    db.commit()
    members.invite_member(anna.id, anna.id, {"email": erik.email, "role": "viewer"})
    db.expire_all()
    invite = members.invite_from_link(_link_token(db, erik.email))
    token = signed_in_token(db, stranger)
    db.commit()
    with pytest.raises(NotFound):  # a forwarded link lets no one else in
        members.join_register(stranger.id, identify(token, with_register=False).caller.session_id, invite.id)
    erik.email_verified_at = None
    db.add(erik)
    erik_token = signed_in_token(db, erik)
    db.commit()
    with pytest.raises(NotFound):
        members.join_register(erik.id, identify(erik_token, with_register=False).caller.session_id, invite.id)
    assert db.exec(select(RegisterMember)).all() == []


@pytest.mark.parametrize("form, errors", [
    ({"email": "inte en adress", "role": "editor"}, {"email": "error.email_invalid"}),
    ({"email": "ny@example.se", "role": "admin"}, {"role": "members.role_required"}),
    ({"email": "anna@example.se", "role": "viewer"}, {"email": "members.not_yourself"}),
])
def test_a_bad_invitation_says_why_and_sends_nothing(db, household, form, errors):
    anna, _erik = household
    with pytest.raises(ValidationFailed) as refused:
        members.invite_member(anna.id, anna.id, form)
    assert refused.value.errors == errors
    db.expire_all()
    assert db.exec(select(OutgoingMail).where(OutgoingMail.kind == "member_invite")).all() == []


def test_the_plan_limits_members_and_open_invitations_the_owner_not_counted(db, household):
    anna, erik = household
    _join(db, anna, erik)
    with pytest.raises(ValidationFailed) as refused:  # Bas: one member
        members.invite_member(anna.id, anna.id, {"email": "tredje@example.se", "role": "viewer"})
    assert refused.value.errors == {"limit": "limit.members"}
    with pytest.raises(ValidationFailed) as again:
        members.invite_member(anna.id, anna.id, {"email": erik.email, "role": "viewer"})
    assert again.value.errors == {"email": "members.already_member"}
    db.exec(select(BillingAccount).where(BillingAccount.account_id == anna.id)).one().plan_code = "plus"
    db.commit()
    for n in range(4):  # Plus: five
        members.invite_member(anna.id, anna.id, {"email": f"p{n}@example.se", "role": "viewer"})
    with pytest.raises(ValidationFailed):
        members.invite_member(anna.id, anna.id, {"email": "sjatte@example.se", "role": "viewer"})
    assert members.sharing_overview(anna.id, anna.id).limit == 5


def test_only_the_owner_manages_members(db, household):
    anna, erik = household
    _join(db, anna, erik)
    with pytest.raises(NotFound):
        members.invite_member(erik.id, anna.id, {"email": "x@example.se", "role": "editor"})
    with pytest.raises(NotFound):
        members.change_member_role(erik.id, anna.id, erik.id, "editor")
    with pytest.raises(NotFound):
        members.remove_member(erik.id, anna.id, erik.id)
    assert not members.sharing_overview(erik.id, anna.id).owner


def test_a_changed_role_and_a_removal_apply_on_the_next_click(db, household):
    anna, erik = household
    token = _join(db, anna, erik)
    members.change_member_role(anna.id, anna.id, erik.id, "viewer")
    caller = identify(token, with_register=True).caller
    assert caller.account_id == anna.id and caller.role == "viewer" and not caller.can_edit
    members.remove_member(anna.id, anna.id, erik.id)
    after = identify(token, with_register=True)
    assert after.register.account_id == erik.id and not after.register_open  # back in his own, unpaid register
    assert register_caller(token, require_open=False).owned_ids == (erik.id,)
    with pytest.raises(NotFound):
        switch_register(after.caller, str(anna.id))
    kinds = [e.kind for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == anna.id)
                                     .order_by(ActivityEvent.id)).all()]
    assert kinds[-4:] == ["member_invited", "member_joined", "member_role_changed", "member_removed"]


def test_a_member_leaves(db, household):
    anna, erik = household
    token = _join(db, anna, erik)
    assert members.leave_register(erik.id, identify(token, with_register=False).caller.session_id, str(anna.id)) \
        == "Anna Ägare"
    assert identify(token, with_register=True).register.account_id == erik.id
    assert members.sharing_overview(anna.id, anna.id).members == ()


def test_a_member_of_one_register_reaches_nothing_of_another(db, household):
    anna, erik = household
    other = make_account(db, name="Bertil Granne", email="bertil@example.se")
    make_item(db, other, name="Bertils cykel")
    db.commit()
    token = _join(db, anna, erik)
    caller = register_caller(token)
    assert caller.account_id == anna.id and other.id not in caller.owned_ids and set(caller.owned_ids) == {erik.id, anna.id}
    with pytest.raises(NotFound):
        switch_register(caller, str(other.id))
    with pytest.raises(NotFound):
        members.leave_register(erik.id, caller.session_id, str(other.id))


def test_the_owners_lock_locks_the_member_out_naming_no_reason(db, household):
    anna, erik = household
    token = _join(db, anna, erik)
    billing = db.exec(select(BillingAccount).where(BillingAccount.account_id == anna.id)).one()
    billing.status, billing.current_period_end = "unpaid", utcnow() - timedelta(days=40)
    db.commit()
    seen = identify(token, with_register=True)
    assert seen.register.account_id == anna.id and seen.register.is_shared and not seen.register_open
    assert signed_in_home(seen.caller) == "/members"
    shared = members.sharing_overview(erik.id, anna.id).shared_with_me
    assert [(s.owner_name, s.open) for s in shared] == [("Anna Ägare", False)]
    # files and reports of the locked register are out of reach too; his own data stays his
    caller = register_caller(token, require_open=False)
    assert caller.account_id == erik.id and anna.id not in caller.owned_ids


def test_suspending_the_owner_ends_every_membership(db, household):
    anna, erik = household
    _join(db, anna, erik)
    admin, _ = make_admin(db)
    customers.suspend(db, admin.id, anna.id, "Brott mot villkoren")
    db.commit()
    assert db.exec(select(RegisterMember)).all() == []


def test_a_members_erasure_leaves_the_register_and_names_a_former_member(db, household):
    anna, erik = household
    token = _join(db, anna, erik)
    item = make_item(db, anna, name="Soffa")
    db.commit()
    caller = identify(token, with_register=True).caller  # the member's click: the log names him
    items.update_item(db, anna.id, item.id, {"name": "Soffa grå", "quantity": "1"}, actor=caller.actor)
    db.commit()
    logged = db.exec(select(ActivityEvent).where(ActivityEvent.kind == "item_updated")).one()
    assert (logged.account_id, logged.actor_id) == (anna.id, erik.id)
    erasure.erase_account(db, erik.id, notify=False)
    db.commit()
    rows = db.exec(select(ItemChange).where(ItemChange.item_id == item.id, ItemChange.actor_account_id == erik.id)
                   .order_by(ItemChange.id)).all()
    assert [r.new_value for r in rows] == ["Soffa grå"]  # the member's id stays on the row
    assert set(history.actor_names(db, rows).values()) == {FORMER_MEMBER}
    assert db.get(Account, anna.id) is not None and db.exec(select(RegisterMember)).all() == []


def test_the_owners_erasure_ends_every_membership(db, household):
    anna, erik = household
    token = _join(db, anna, erik)
    erasure.erase_account(db, anna.id, notify=False)
    db.commit()
    assert db.exec(select(RegisterMember)).all() == []
    assert identify(token, with_register=True).register.account_id == erik.id


def test_owner_work_is_logged_without_a_member(db, household):
    anna, _erik = household
    token = signed_in_token(db, anna)
    item = make_item(db, anna, name="Lampa")
    db.commit()
    caller = identify(token, with_register=True).caller
    items.update_item(db, anna.id, item.id, {"name": "Lampa 2", "quantity": "1"}, actor=Actor(caller.person_account_id))
    db.commit()
    assert db.exec(select(ActivityEvent.actor_id).where(ActivityEvent.kind == "item_updated")).one() is None


def test_an_expired_invitation_opens_nothing_and_goes_with_the_daily_purge(db, household):
    from cleverstore.services.operations import jobs

    anna, erik = household
    members.invite_member(anna.id, anna.id, {"email": erik.email, "role": "viewer"})
    db.expire_all()
    token = _link_token(db, erik.email)
    row = db.exec(select(MemberInvite)).one()
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.commit()
    assert members.invite_from_link(token) is None
    assert members.sharing_overview(erik.id, erik.id).invites_for_me == ()
    assert jobs.purge(db)["member_invites"] == 1


def test_the_join_page_sends_the_invited_person_on_and_tells_another_account(db, household):
    from cleverstore.state.members import JoinState
    from tests.helpers.factories import state_for

    anna, erik = household
    members.invite_member(anna.id, anna.id, {"email": erik.email, "role": "editor"})
    db.expire_all()
    token = _link_token(db, erik.email)
    visitor = state_for(JoinState, path="/members/join", query=f"token={token}")
    visitor.on_load()
    assert (visitor.owner_name, visitor.role_text, visitor.dead) == ("Anna Ägare", "redigerare", False)
    invited = state_for(JoinState, token=signed_in_token(db, erik), path="/members/join", query=f"token={token}")
    db.commit()
    assert "/members" in str(invited.on_load())
    other = state_for(JoinState, token=signed_in_token(db, anna), path="/members/join", query=f"token={token}")
    db.commit()
    other.on_load()
    assert other.wrong_account
    dead = state_for(JoinState, path="/members/join", query="token=nonsense")
    dead.on_load()
    assert dead.dead and dead.owner_name == ""
