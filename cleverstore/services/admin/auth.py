"""Administrator accounts and sign-in: password plus a TOTP code, short sessions (15 min idle, 8 h)."""
from __future__ import annotations

from dataclasses import dataclass

import pyotp
from sqlmodel import Session, select

from cleverstore.models import AdminLoginTicket, AdminSession, AdminUser
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import passwords, throttle, token_sessions
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


def _code_ok(admin: AdminUser, code: str) -> bool:
    digits = "".join(ch for ch in str(code) if ch.isdigit())
    return len(digits) == 6 and pyotp.TOTP(admin.totp_secret).verify(digits, valid_window=1)


def attempt_admin_login(db: Session, email: str, password: str, code: str, address_prefix: str) -> str | None:
    """A login ticket when e-mail, password and TOTP code are all right; None otherwise (one answer)."""
    throttle_key = "admin:" + email.strip().lower()
    if throttle.is_throttled(db, throttle_key, "admin:" + address_prefix):
        return None
    try:
        admin = db.exec(select(AdminUser).where(AdminUser.email == clean_email(email))).first()
    except FieldError:
        admin = None
    if admin is None:
        passwords.burn_equal_time(password)
    if admin is None or not passwords.verify_password(password, admin.password_hash) or not _code_ok(admin, code):
        throttle.record_failure(db, throttle_key, "admin:" + address_prefix)
        return None
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
