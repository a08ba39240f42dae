"""Refused requests that look like probing — an id of someone else's (or of nothing), a forged Stripe
webhook — each get one structured log line (at most one a minute per kind and worker, with how many
were held back) and a count per day that the administrators see. Nothing personal is kept: the
kind, the table and the refused id; never a cookie or an address.

The count is written in its own unit of work once the refused request's transaction has ended (a
refusal usually rolls its transaction back; on SQLite a second writer inside it would wait on it).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from datetime import date, timedelta

from sqlalchemy import event, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from cleverstore.db import session_scope
from cleverstore.models import SecurityEventDay

KINDS = ("denied_id", "forged_webhook", "wrong_share_code")
LOG_EVERY_SECONDS = 60.0
_PENDING_KEY = "security_events"

log = logging.getLogger("cleverstore.security")
_last_logged: dict[str, float] = {}
_held_back: dict[str, int] = {}
_lock = threading.Lock()


def record(db: Session | None, kind: str, **detail: str) -> None:
    """Log (rate-limited) and count one refused request; with `db`, counted after its transaction."""
    if kind not in KINDS:
        raise ValueError(kind)
    _log(kind, detail)
    if db is None:
        _count([kind])
        return
    if _PENDING_KEY not in db.info:
        db.info[_PENDING_KEY] = []
        event.listen(db, "after_commit", _flush)
        event.listen(db, "after_rollback", _flush)
    db.info[_PENDING_KEY].append(kind)


def _flush(session: Session) -> None:
    kinds = session.info.pop(_PENDING_KEY, [])
    if kinds:
        _count(kinds)


def _log(kind: str, detail: dict[str, str]) -> None:
    now = time.monotonic()
    with _lock:
        if now - _last_logged.get(kind, -LOG_EVERY_SECONDS) < LOG_EVERY_SECONDS:
            _held_back[kind] = _held_back.get(kind, 0) + 1
            return
        _last_logged[kind], held = now, _held_back.pop(kind, 0)
    log.warning(json.dumps({"security_event": kind, **{k: str(v)[:40] for k, v in detail.items()},
                            "not_logged_since_last": held}))


def _count(kinds: list[str]) -> None:
    today = date.today()
    for kind in kinds:
        for _ in range(3):
            try:
                with session_scope() as db:
                    changed = db.execute(update(SecurityEventDay)
                                         .where(SecurityEventDay.day == today, SecurityEventDay.kind == kind)
                                         .values(count=SecurityEventDay.count + 1)).rowcount
                    if not changed:
                        db.add(SecurityEventDay(day=today, kind=kind, count=1))
                break
            except IntegrityError:  # another worker inserted the day's row first: add to it
                continue


def counts_by_day(db: Session, days: int = 14) -> list[tuple[date, str, int]]:
    since = date.today() - timedelta(days=days - 1)
    rows = db.exec(select(SecurityEventDay).where(SecurityEventDay.day >= since)
                   .order_by(SecurityEventDay.day.desc(), SecurityEventDay.kind)).all()
    return [(row.day, row.kind, row.count) for row in rows]
