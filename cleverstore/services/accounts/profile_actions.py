"""Use cases of a signed-in customer about their own account: details, e-mail address, password,
two-step login, signed-in sessions and devices, the activity log. Each runs in the customer's
own tenant scope."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from cleverstore.db import tenant_scope
from cleverstore.models import Account
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import devices, sessions, two_factor
from cleverstore.services.accounts.devices import SessionView
from cleverstore.services.shared import activity
from cleverstore.services.shared.actors import FORMER_MEMBER
from cleverstore.services.shared.errors import NotFound
from cleverstore.services.shared.qr import qr_png_data_uri

__all__ = [
    "ACTIVITY_PAGE_SIZE", "ActivityEntry", "ActivityPage", "DeviceView", "ProfileView", "SecurityOverview",
    "FORMER_MEMBER", "SessionView", "TwoStepSetup", "activity_page", "change_email_address", "change_login_password",
    "confirm_two_step", "end_one_session", "end_other_sessions", "forget_known_device", "profile_of",
    "save_language", "save_profile", "security_overview", "start_two_step", "turn_off_two_step",
]

ACTIVITY_PAGE_SIZE = 25


# --- details, e-mail address, password --------------------------------------------------------

@dataclass(frozen=True)
class ProfileView:
    name: str
    email: str
    phone: str  # as stored (international form); the page shows it with display_phone
    street: str
    postal_code: str
    city: str
    org_number: str
    customer_number: str
    kind: str


def _view(account: Account) -> ProfileView:
    return ProfileView(
        name=account.name, email=account.email, phone=account.phone, street=account.street,
        postal_code=account.postal_code, city=account.city, org_number=account.org_number or "",
        customer_number=account.customer_number or "", kind=account.kind,
    )


def profile_of(account_id: int) -> ProfileView:
    with tenant_scope(account_id) as db:
        return _view(db.get(Account, account_id))


def save_profile(account_id: int, fields: dict) -> ProfileView:
    """Name, phone, address (and a company's org number); ValidationFailed lists every refused field."""
    with tenant_scope(account_id) as db:
        return _view(accounts.update_profile(db, account_id, fields))


def save_language(account_id: int, lang: str) -> str:
    """The language the customer chose on the page: kept on the account, so the mails and reports made
    for them while they are away (scheduled notices, reminders) use it too. Swedish unless "en"."""
    chosen = "en" if lang == "en" else "sv"
    with tenant_scope(account_id) as db:
        account = db.get(Account, account_id)
        if account is not None and account.language != chosen:
            account.language = chosen
            db.add(account)
    return chosen


def change_email_address(account_id: int, new_email: str, password: str) -> ProfileView:
    """A new address (needs the password): the old one is told, the new one gets a verification link."""
    with tenant_scope(account_id) as db:
        return _view(accounts.change_email(db, account_id, new_email, password))


def change_login_password(account_id: int, current: str, new: str, repeat: str, keep_session_id: int) -> int:
    """A new password; every other session ends. Returns how many other sessions were signed out."""
    with tenant_scope(account_id) as db:
        accounts.change_password(db, account_id, current, new, repeat)
        return sessions.revoke_all(db, account_id, keep_session_id=keep_session_id)


# --- the security page ------------------------------------------------------------------------

@dataclass(frozen=True)
class DeviceView:
    device_id: int
    label: str
    ip_prefix: str
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class SecurityOverview:
    sessions: tuple[SessionView, ...]
    devices: tuple[DeviceView, ...]
    totp_on: bool
    codes_left: int


def security_overview(account_id: int, current_session_id: int | None) -> SecurityOverview:
    """Live sessions (the current one marked), remembered devices and the two-step state."""
    with tenant_scope(account_id) as db:
        live = tuple(devices.live_sessions(db, account_id, current_session_id))
        known = tuple(DeviceView(d.id, d.label, d.ip_prefix, d.first_seen_at, d.last_seen_at)
                      for d in devices.known_devices(db, account_id))
        return SecurityOverview(live, known, two_factor.is_enabled(db, account_id),
                                two_factor.recovery_codes_left(db, account_id))


def _number(value: object) -> int:
    """An id from the page; anything that is not one is NotFound."""
    try:
        return int(str(value)[:12])
    except ValueError:
        raise NotFound() from None


def end_one_session(account_id: int, session_id: object) -> None:
    """Sign out one of the customer's own sessions; a foreign or unknown id is NotFound."""
    number = _number(session_id)
    with tenant_scope(account_id) as db:
        devices.sign_out_session(db, account_id, number)


def forget_known_device(account_id: int, device_id: object) -> None:
    """Forget a device: its sessions end and its next login sends a new-device notice."""
    number = _number(device_id)
    with tenant_scope(account_id) as db:
        devices.forget_device(db, account_id, number)


def end_other_sessions(account_id: int, keep_session_id: int) -> int:
    """Sign out everywhere else; how many sessions ended."""
    with tenant_scope(account_id) as db:
        return sessions.revoke_all(db, account_id, keep_session_id=keep_session_id)


@dataclass(frozen=True)
class TwoStepSetup:
    secret: str
    uri: str  # otpauth:// for the authenticator app's QR code
    qr_image: str = ""  # that link as a PNG QR code (data: address), drawn on our server


def start_two_step(account_id: int) -> TwoStepSetup:
    """A new secret, not active until confirmed; ValidationFailed when two-step login is on already."""
    with tenant_scope(account_id) as db:
        secret = two_factor.begin_setup(db, account_id)
        email = db.get(Account, account_id).email
    uri = two_factor.provisioning_uri(secret, email)
    return TwoStepSetup(secret, uri, qr_png_data_uri(uri))


def confirm_two_step(account_id: int, code: str) -> list[str]:
    """Turn two-step login on with the first right code; the recovery codes (shown once)."""
    with tenant_scope(account_id) as db:
        return two_factor.confirm_setup(db, account_id, code)


def turn_off_two_step(account_id: int, password: str) -> None:
    """Two-step login off (needs the password); ValidationFailed otherwise."""
    with tenant_scope(account_id) as db:
        two_factor.disable(db, account_id, password)


# --- the activity log -------------------------------------------------------------------------

@dataclass(frozen=True)
class ActivityEntry:
    created_at: datetime
    kind: str
    detail: str
    member: str = ""  # the household member who did it ("" the owner); FORMER_MEMBER once erased


@dataclass(frozen=True)
class ActivityPage:
    entries: tuple[ActivityEntry, ...]
    page: int  # the page shown: the wanted one, kept within 1..pages
    pages: int


def activity_page(account_id: int, page: int) -> ActivityPage:
    """One page of the customer's activity log, newest first."""
    with tenant_scope(account_id) as db:
        total = activity.count(db, account_id)
        pages = max(1, -(-total // ACTIVITY_PAGE_SIZE))
        page = min(max(1, page), pages)
        events = activity.recent(db, account_id, limit=ACTIVITY_PAGE_SIZE, offset=(page - 1) * ACTIVITY_PAGE_SIZE)
        members = {e.actor_id for e in events if e.actor_id}
        names = dict(db.exec(select(Account.id, Account.name).where(Account.id.in_(members))).all()) if members else {}
        entries = tuple(ActivityEntry(e.created_at, e.kind, e.detail,
                                      names.get(e.actor_id, FORMER_MEMBER) if e.actor_id else "") for e in events)
    return ActivityPage(entries, page, pages)
