"""Builders for test data, going through the real services."""
from __future__ import annotations

import itertools
from datetime import timedelta

from reflex.istate.data import RouterData
from sqlmodel import Session

from cleverstore.models import Account, BillingAccount
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import sessions
from cleverstore.services.register import items

PASSWORD = "kaffe och kanelbullar"
_counter = itertools.count(1)


def signup_form(**overrides: str) -> dict[str, str]:
    number = next(_counter)
    form = {
        "kind": "private",
        "name": f"Kund {number}",
        "email": f"kund{number}@example.se",
        "phone": "070-123 45 67",
        "street": "Storgatan 1",
        "postal_code": "111 22",
        "city": "Stockholm",
        "password": PASSWORD,
        "password_repeat": PASSWORD,
        "accept_terms": "on",
    }
    form.update(overrides)
    return form


def activated_sign_up(db: Session, form: dict) -> Account:
    """A sign-up whose e-mailed link has been used (the account may log in), address not marked verified."""
    account = accounts.sign_up(db, form)
    account.activated_at = utcnow()
    db.add(account)
    db.flush()
    return account


def make_account(db: Session, subscribed: bool = True, **overrides: str) -> Account:
    """A signed-up customer; by default with a paid yearly subscription (the register is open).

    `subscribed=False` gives a customer who has not paid yet (the register is locked).
    """
    account = activated_sign_up(db, signup_form(**overrides))
    if subscribed:
        subscribe(db, account)
    return account


def subscribe(db: Session, account: Account, status: str = "active", plan_code: str = "bas") -> BillingAccount:
    """Record a subscription as Stripe's webhook would have (no Stripe call)."""
    row = BillingAccount(
        account_id=account.id, stripe_customer_id=f"cus_factory{account.id}", subscription_id=f"sub_factory{account.id}",
        status=status, plan_code=plan_code, current_period_end=utcnow() + timedelta(days=365), synced_at=utcnow(),
    )
    db.add(row)
    db.flush()
    return row


def make_item(db: Session, account: Account, **fields: str):
    form = {"name": "Kaffebryggare", "quantity": "1"}
    form.update(fields)
    return items.create_item(db, account.id, form)


ADMIN_PASSWORD = "ett riktigt bra adminlösen"


def make_admin(db: Session, email: str | None = None):
    """An administrator and its TOTP secret (created the way the command line does)."""
    from cleverstore.services.admin import auth

    created = auth.create_admin(db, email or f"admin{next(_counter)}@cleverstore.se", ADMIN_PASSWORD)
    return created.admin, created.totp_secret


def admin_token(db: Session, admin) -> str:
    from cleverstore.models import AdminSession
    from cleverstore.services.accounts import token_sessions

    return token_sessions.start(db, AdminSession, {"admin_id": admin.id}, hours=8)


def signed_in_token(db: Session, account: Account) -> str:
    return sessions.start_session(db, account.id)


def state_for(state_cls, *, token: str = "", admin: str = "", path: str = "/", query: str = "",
              ip: str = "192.0.2.10"):
    """A state instance as the event processor would hand it to a handler for this connection."""
    state = state_cls()
    as_path = path + (f"?{query}" if query else "")
    cookies = [f"{sessions.COOKIE_NAME}={token}" if token else "", f"cs_admin={admin}" if admin else ""]
    cookie = "; ".join(c for c in cookies if c)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie, "host": "127.0.0.1:3000"}, "ip": ip, "pathname": path, "asPath": as_path}
    )
    return state


def event_names(events) -> list[str]:
    """The kinds of follow-up events a handler returned ('_redirect', '_call_script', …)."""
    if events is None:
        return []
    if not isinstance(events, (list, tuple)):
        events = [events]
    return [spec.handler.fn.__qualname__ for spec in events]
