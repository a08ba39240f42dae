"""E-mail address verification (T1). Unverified accounts keep working; the app shows a banner until done."""
from __future__ import annotations

from sqlmodel import Session

from cleverstore.models import Account
from cleverstore.models.base import utcnow
from cleverstore.services import activity, email_tokens, notices


def send_verification(db: Session, account: Account) -> None:
    token = email_tokens.issue(db, account.id, "verify")
    notices.send(db, account, "verify", link=notices.link(f"/auth/verify?token={token}"))


def resend(db: Session, account_id: int) -> bool:
    """Send a new link; False when the address is already verified."""
    account = db.get(Account, account_id)
    if account is None or account.email_verified_at is not None:
        return False
    send_verification(db, account)
    return True


def verify(db: Session, token: str) -> int | None:
    """Mark the address verified with the link's token; the account id, or None for a bad link."""
    account_id = email_tokens.consume(db, token, "verify")
    if account_id is None:
        return None
    account = db.get(Account, account_id)
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()
        db.add(account)
        activity.record(db, account_id, "email_verified")
    db.flush()
    return account_id


def is_verified(db: Session, account_id: int) -> bool:
    account = db.get(Account, account_id)
    return account is not None and account.email_verified_at is not None
