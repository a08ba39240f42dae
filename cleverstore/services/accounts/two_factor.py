"""Optional TOTP two-factor login (RFC 6238 via pyotp) with ten one-time recovery codes.

A code is accepted once: the time step it matched is stored, and a code from the
same or an earlier step is refused. Recovery codes are stored as keyed hashes.
"""
from __future__ import annotations

import secrets
import time

import pyotp
from sqlalchemy import delete, update
from sqlmodel import Session, select

from cleverstore.models import Account, RecoveryCode, TwoFactor
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import passwords, throttle
from cleverstore.services.shared import activity, notices
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.tokens import token_hash

RECOVERY_CODES = 10
ISSUER = "CleverStore"
# Wrong codes per account in the throttling window, across logins and reset links alike: a correct
# password never clears them. The fifth ends the attempt and tells the owner their password is known.
MAX_WRONG_CODES = 5


def _row(db: Session, account_id: int) -> TwoFactor | None:
    return db.exec(select(TwoFactor).where(TwoFactor.account_id == account_id)).first()


def is_enabled(db: Session, account_id: int) -> bool:
    row = _row(db, account_id)
    return row is not None and row.enabled_at is not None


def begin_setup(db: Session, account_id: int) -> str:
    """A new secret (not yet active); returns it for the authenticator app."""
    row = _row(db, account_id)
    if row is not None and row.enabled_at is not None:
        raise ValidationFailed({"totp": "error.totp_already_on"})
    secret = pyotp.random_base32()
    if row is None:
        row = TwoFactor(account_id=account_id, secret=secret)
    row.secret = secret
    db.add(row)
    db.flush()
    return secret


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step the code belongs to (±1 step of clock drift), or None."""
    code = "".join(ch for ch in str(code) if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if secrets.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def _use_code(db: Session, row: TwoFactor, code: str) -> bool:
    step = matching_step(row.secret, code)
    if step is None or step <= row.last_step:
        return False
    taken = db.execute(update(TwoFactor).where(TwoFactor.id == row.id, TwoFactor.last_step < step)
                       .values(last_step=step)).rowcount
    db.flush()
    return taken == 1


def _new_recovery_codes(db: Session, account_id: int) -> list[str]:
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
    codes = [f"{secrets.token_hex(5)[:5]}-{secrets.token_hex(5)[:5]}" for _ in range(RECOVERY_CODES)]
    for code in codes:
        db.add(RecoveryCode(account_id=account_id, code_hash=token_hash("recovery:" + code)))
    db.flush()
    return codes


def confirm_setup(db: Session, account_id: int, code: str) -> list[str]:
    """Turn TOTP on after the first correct code; returns the recovery codes (shown once)."""
    row = _row(db, account_id)
    if row is None or row.enabled_at is not None:
        raise ValidationFailed({"totp": "error.totp_not_started"})
    if not _use_code(db, row, code):
        raise ValidationFailed({"totp": "error.totp_wrong"})
    row.enabled_at = utcnow()
    db.add(row)
    codes = _new_recovery_codes(db, account_id)
    activity.record(db, account_id, "totp_enabled")
    notices.send(db, db.get(Account, account_id), "totp_changed")
    return codes


def disable(db: Session, account_id: int, password: str) -> None:
    account = db.get(Account, account_id)
    if not passwords.verify_password(password, account.password_hash):
        raise ValidationFailed({"totp_password": "error.wrong_password"})
    db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
    db.execute(delete(TwoFactor).where(TwoFactor.account_id == account_id))
    activity.record(db, account_id, "totp_disabled")
    notices.send(db, account, "totp_changed")


def check_second_factor(db: Session, account_id: int, code: str) -> bool:
    """A fresh TOTP code or an unused recovery code (which is then spent)."""
    row = _row(db, account_id)
    if row is None or row.enabled_at is None:
        return True
    cleaned = str(code or "").strip().lower()[:40]
    if _use_code(db, row, cleaned):
        return True
    if "-" in cleaned:
        spent = db.execute(
            update(RecoveryCode)
            .where(RecoveryCode.account_id == account_id, RecoveryCode.code_hash == token_hash("recovery:" + cleaned),
                   RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow())
        ).rowcount
        if spent == 1:
            activity.record(db, account_id, "recovery_code_used")
            return True
    return False


def attempt_second_factor(db: Session, account_id: int, code: str) -> str:
    """"ok", "wrong", or "locked" (the fifth wrong code in the window, or any code after it: the
    login or reset link in hand is dead). Each attempt is counted before the code is checked."""
    if not is_enabled(db, account_id):
        return "ok"
    taken = throttle.take(db, "code", str(account_id), MAX_WRONG_CODES)
    if taken is None:
        return "locked"
    if check_second_factor(db, account_id, code):
        throttle.give_back(db, (taken,))
        return "ok"
    if throttle.count(db, "code", str(account_id)) >= MAX_WRONG_CODES:
        account = db.get(Account, account_id)
        activity.record(db, account_id, "code_guessing")
        notices.send(db, account, "code_guessing", link=notices.link("/security"))
        return "locked"
    return "wrong"


def recovery_codes_left(db: Session, account_id: int) -> int:
    return len(db.exec(select(RecoveryCode.id).where(RecoveryCode.account_id == account_id,
                                                      RecoveryCode.used_at.is_(None))).all())
