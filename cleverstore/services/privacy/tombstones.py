"""Erasure tombstones: the keyed hashes of erased accounts, kept outside the database and outside the
backups, so that restoring an older backup can never bring an erased customer back.

One hash a line (`erasure.subject_hash`: an HMAC of the old account id; nothing personal). A hash is
written only once the erasure has committed, so a rolled-back erasure leaves no tombstone.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event
from sqlmodel import Session

from cleverstore.config import get_settings

_PENDING_KEY = "erasure_tombstones"


def tombstone_file() -> Path:
    return get_settings().erasure_tombstones_file


def recorded(path: Path | None = None) -> set[str]:
    path = path or tombstone_file()
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip()}


def _append(hashes: list[str]) -> None:
    path = tombstone_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="ascii") as handle:
        handle.write("".join(f"{hashed}\n" for hashed in hashes))
        handle.flush()
        os.fsync(handle.fileno())


def _write_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, [])
    if pending:
        _append(pending)


def record_after_commit(db: Session, hashed: str) -> None:
    """Remember `hashed` once this unit of work commits (never for one that rolls back)."""
    if _PENDING_KEY not in db.info:
        db.info[_PENDING_KEY] = []
        event.listen(db, "after_commit", _write_pending)
        event.listen(db, "after_rollback", lambda session: session.info.pop(_PENDING_KEY, None))
    db.info[_PENDING_KEY].append(hashed)
