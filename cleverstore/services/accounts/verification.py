"""E-mail address verification.

A new sign-up logs in only after its first link is used (the account is then
activated). Later, after an address change, the account keeps working and the
app shows a banner until the new address is confirmed.
"""
from __future__ import annotations

from sqlmodel import Session

from cleverstore.models import Account
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import email_tokens, throttle
from cleverstore.services.shared import activity, notices

# At most this many links sent on login attempts per account in the throttling window: no mail bombing.
LOGIN_MAILS_PER_WINDOW = 3


def send_verification(db: Session, account: Account, *, keep_earlier: bool = False) -> None:
    """A link to confirm the address. A changed address ends the earlier links (they went to the old
    one); a link sent again to the same address leaves the earlier, unexpired ones working."""
    token = email_tokens.issue(db, account.id, "verify", keep_earlier=keep_earlier)
    notices.send(db, account, "verify", link=notices.link(f"/auth/verify?token={token}"))


def resend_on_login(db: Session, account: Account) -> None:
    """A sign-up that is not activated gave its password: send a fresh link (a few per window)."""
    if throttle.too_many(db, "verify-mail", str(account.id), LOGIN_MAILS_PER_WINDOW):
        return
    throttle.note(db, "verify-mail", str(account.id))
    send_verification(db, account, keep_earlier=True)


def confirm_address(db: Session, account: Account) -> None:
    """A link sent to the account's address was used: the address is verified and the account activated."""
    now = utcnow()
    if account.email_verified_at is None:
        account.email_verified_at = now
        activity.record(db, account.id, "email_verified")
    if account.activated_at is None:
        account.activated_at = now
    db.add(account)


def resend(db: Session, account_id: int) -> bool:
    """Send a new link; False when the address is already verified."""
    account = db.get(Account, account_id)
    if account is None or account.email_verified_at is not None:
        return False
    send_verification(db, account)  # asked for on purpose: the new link replaces the old one
    return True


def verify(db: Session, token: str) -> int | None:
    """Mark the address verified with the link's token; the account id, or None for a bad link."""
    account_id = email_tokens.consume(db, token, "verify")
    if account_id is None:
        return None
    confirm_address(db, db.get(Account, account_id))
    email_tokens.revoke(db, account_id, "verify")  # the other copies have done their job
    db.flush()
    return account_id


def is_verified(db: Session, account_id: int) -> bool:
    account = db.get(Account, account_id)
    return account is not None and account.email_verified_at is not None
