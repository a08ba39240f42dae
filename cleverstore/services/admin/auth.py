"""Administrator accounts and sign-in: password plus a TOTP code, short sessions (15 min idle, 8 h)."""
from __future__ import annotations

from dataclasses import dataclass

import pyotp
from sqlalchemy import update
from sqlmodel import Session, select

from cleverstore.models import AdminLoginTicket, AdminSession, AdminUser
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import (
    passwords,
    throttle,
    token_sessions,
    two_factor,
)
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_email

COOKIE_NAME = "cs_admin"
IDLE_MINUTES = 15
ABSOLUTE_HOURS = 8
TICKET_SECONDS = 60
ISSUER = "CleverStore admin"


@dataclass(frozen=True)
class NewAdmin:
    admin: AdminUser
    totp_secret: str

    @property
    def provisioning_uri(self) -> str:
        return pyotp.TOTP(self.totp_secret).provisioning_uri(name=self.admin.email, issuer_name=ISSUER)


def create_admin(db: Session, email: str, password: str) -> NewAdmin:
    """Only the command line calls this: there is no default admin and no sign-up for admins."""
    try:
        clean = clean_email(email)
    except FieldError as exc:
        raise ValidationFailed({"email": exc.key}) from exc
    problem = passwords.password_problem(password, email=clean)
    if problem:
        raise ValidationFailed({"password": problem})
    if db.exec(select(AdminUser).where(AdminUser.email == clean)).first():
        raise ValidationFailed({"email": "error.email_taken"})
    secret = pyotp.random_base32()
    admin = AdminUser(email=clean, password_hash=passwords.hash_password(password), totp_secret=secret)
    db.add(admin)
    db.flush()
    audit.record(db, admin.id, "admin_created", "admin", admin.id)
    return NewAdmin(admin, secret)


def set_heir_reviewer(db: Session, email: str, allowed: bool) -> bool:
    """Give or take the heir-reviewer permission (opening heir-claim evidence). Only the command line
    calls this, like create_admin: no admin grants it to another. False for an unknown admin."""
    admin = db.exec(select(AdminUser).where(AdminUser.email == email.strip().lower())).first()
    if admin is None:
        return False
    admin.heir_reviewer = allowed
    db.add(admin)
    audit.record(db, None, "heir_reviewer_granted" if allowed else "heir_reviewer_revoked", "admin", admin.id)
    return True


def _code_ok(db: Session, admin: AdminUser, code: str) -> bool:
    """A code of the current step (±1 for clock drift), newer than the last one accepted: the step is
    recorded atomically, so the same code never works twice."""
    step = two_factor.matching_step(admin.totp_secret, code)
    if step is None or step <= admin.totp_last_step:
        return False
    taken = db.execute(update(AdminUser).where(AdminUser.id == admin.id, AdminUser.totp_last_step < step)
                       .values(totp_last_step=step)).rowcount
    return taken == 1


def attempt_admin_login(db: Session, email: str, password: str, code: str, address_prefix: str) -> str | None:
    """A login ticket when e-mail, password and TOTP code are all right; None otherwise (one answer)."""
    throttle_key = "admin:" + email.strip().lower()
    attempt = throttle.take_attempt(db, throttle_key, "admin:" + address_prefix)  # counted before the check
    if attempt is None:
        return None
    try:
        admin = db.exec(select(AdminUser).where(AdminUser.email == clean_email(email))).first()
    except FieldError:
        admin = None
    if admin is None:
        passwords.burn_equal_time(password)
    if admin is None or not passwords.verify_password(password, admin.password_hash) or not _code_ok(db, admin, code):
        return None
    throttle.give_back(db, attempt)
    throttle.clear_for_email(db, throttle_key)
    admin.last_login_at = utcnow()
    db.add(admin)
    audit.record(db, admin.id, "admin_login", "admin", admin.id)
    return token_sessions.create_ticket(db, AdminLoginTicket, {"admin_id": admin.id}, seconds=TICKET_SECONDS)


def redeem_ticket(db: Session, ticket: str) -> str | None:
    """Exchange a ticket for a new admin session token."""
    admin_id = token_sessions.redeem_ticket(db, AdminLoginTicket, AdminLoginTicket.admin_id, ticket)
    if admin_id is None:
        return None
    return token_sessions.start(db, AdminSession, {"admin_id": admin_id}, hours=ABSOLUTE_HOURS)


def resolve(db: Session, token: str) -> AdminUser | None:
    session = token_sessions.find_live(db, AdminSession, token, idle_minutes=IDLE_MINUTES)
    return db.get(AdminUser, session.admin_id) if session else None


def revoke(db: Session, token: str) -> None:
    token_sessions.revoke(db, AdminSession, token)
