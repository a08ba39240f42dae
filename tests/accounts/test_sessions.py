from datetime import timedelta

from sqlmodel import select

from cleverstore.models import AuthSession, LoginTicket
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import sessions, throttle
from cleverstore.services.accounts.login import attempt_login
from cleverstore.services.shared.tokens import token_hash
from tests.helpers.factories import PASSWORD, make_account


def test_ticket_is_single_use(db):
    account = make_account(db)
    ticket = sessions.create_login_ticket(db, account.id)
    stored = db.exec(select(LoginTicket)).one()
    assert stored.ticket_hash == token_hash(ticket) and ticket not in stored.ticket_hash
    assert sessions.redeem_login_ticket(db, ticket) == account.id
    assert sessions.redeem_login_ticket(db, ticket) is None
    assert sessions.redeem_login_ticket(db, "") is None
    assert sessions.redeem_login_ticket(db, "x" * 500) is None


def test_expired_ticket_is_refused(db):
    account = make_account(db)
    ticket = sessions.create_login_ticket(db, account.id)
    stored = db.exec(select(LoginTicket)).one()
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.add(stored)
    db.flush()
    assert sessions.redeem_login_ticket(db, ticket) is None


def test_session_token_is_stored_hashed_and_resolves(db):
    account = make_account(db)
    token = sessions.start_session(db, account.id, ip_prefix="192.0.2.0/24")
    row = db.exec(select(AuthSession)).one()
    assert row.token_hash == token_hash(token) and len(token) >= 43
    found_account, found_session = sessions.resolve(db, token)
    assert found_account.id == account.id and found_session.id == row.id
    assert sessions.resolve(db, token + "x") is None
    assert sessions.resolve(db, "") is None


def test_idle_timeout_and_absolute_lifetime(db):
    account = make_account(db)
    idle_token = sessions.start_session(db, account.id)
    old_token = sessions.start_session(db, account.id)
    idle, old = db.exec(select(AuthSession).order_by(AuthSession.id)).all()
    idle.last_seen_at = utcnow() - timedelta(minutes=31)
    old.created_at = utcnow() - timedelta(hours=13)
    old.expires_at = utcnow() - timedelta(minutes=1)
    db.add_all([idle, old])
    db.flush()
    assert sessions.resolve(db, idle_token) is None
    assert sessions.resolve(db, old_token) is None


def test_activity_keeps_a_session_alive(db):
    account = make_account(db)
    token = sessions.start_session(db, account.id)
    row = db.exec(select(AuthSession)).one()
    row.last_seen_at = utcnow() - timedelta(minutes=29)
    db.add(row)
    db.flush()
    assert sessions.resolve(db, token) is not None
    db.refresh(row)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def test_revoke_and_revoke_all_but_current(db):
    account = make_account(db)
    first, second, third = (sessions.start_session(db, account.id) for _ in range(3))
    sessions.revoke(db, first)
    assert sessions.resolve(db, first) is None
    keep = sessions.resolve(db, second)[1]
    assert sessions.revoke_all(db, account.id, keep_session_id=keep.id) == 1
    assert sessions.resolve(db, second) is not None
    assert sessions.resolve(db, third) is None


def test_ip_prefix_never_keeps_the_full_address():
    assert sessions.ip_prefix("203.0.113.77") == "203.0.113.0/24"
    assert sessions.ip_prefix("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert sessions.ip_prefix("garbage") == "unknown"


def test_login_answers_the_same_for_unknown_email_and_wrong_password(db):
    account = make_account(db)
    unknown = attempt_login(db, "nobody@example.se", PASSWORD, "198.51.100.0/24")
    wrong = attempt_login(db, account.email, "fel lösenord igen", "198.51.100.0/24")
    assert unknown == wrong and not unknown.ok and not unknown.throttled
    good = attempt_login(db, account.email, PASSWORD, "198.51.100.0/24")
    assert good.ok and sessions.redeem_login_ticket(db, good.ticket) == account.id


def test_throttling_per_account_applies_to_unknown_addresses_too(db):
    account = make_account(db)
    for _ in range(throttle.MAX_PER_EMAIL):
        attempt_login(db, account.email, "fel lösenord igen", "198.51.100.0/24")
        attempt_login(db, "ghost@example.se", "fel lösenord igen", "198.51.100.0/24")
    # even the right password is refused while throttled, with the same answer for both
    assert attempt_login(db, account.email, PASSWORD, "203.0.113.0/24").throttled
    assert attempt_login(db, "ghost@example.se", PASSWORD, "203.0.113.0/24").throttled


def test_throttling_per_address_prefix(db):
    account = make_account(db)
    for number in range(throttle.MAX_PER_ADDRESS):
        attempt_login(db, f"guess{number}@example.se", "fel lösenord igen", "198.51.100.0/24")
    assert attempt_login(db, account.email, PASSWORD, "198.51.100.0/24").throttled
    assert attempt_login(db, account.email, PASSWORD, "203.0.113.0/24").ok


def test_a_successful_login_clears_the_account_counter(db):
    account = make_account(db)
    for _ in range(throttle.MAX_PER_EMAIL - 1):
        attempt_login(db, account.email, "fel lösenord igen", "198.51.100.0/24")
    assert attempt_login(db, account.email, PASSWORD, "198.51.100.0/24").ok
    for _ in range(throttle.MAX_PER_EMAIL - 1):
        attempt_login(db, account.email, "fel lösenord igen", "198.51.100.0/24")
    assert attempt_login(db, account.email, PASSWORD, "198.51.100.0/24").ok
