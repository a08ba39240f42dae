"""The append-only audit log of admin actions: who, when, what, on whom, why.

There is deliberately no update or delete function here; on PostgreSQL a trigger
also refuses UPDATE and DELETE on the table.
"""
from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from cleverstore.models import AuditEntry

PAGE_SIZE = 50


def record(db: Session, admin_id: int | None, action: str, target_type: str = "", target_id: object = "",
           reason: str = "") -> AuditEntry:
    entry = AuditEntry(admin_id=admin_id, action=action[:60], target_type=target_type[:40],
                       target_id=str(target_id)[:40], reason=reason[:1000])
    db.add(entry)
    db.flush()
    return entry


def page(db: Session, page_number: int = 1, *, target_type: str = "", target_id: str = "") -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and the total count."""
    statement = select(AuditEntry)
    count = select(func.count(AuditEntry.id))
    if target_type:
        statement = statement.where(AuditEntry.target_type == target_type, AuditEntry.target_id == str(target_id))
        count = count.where(AuditEntry.target_type == target_type, AuditEntry.target_id == str(target_id))
    total = db.exec(count).one()
    rows = db.exec(
        statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .offset((max(1, page_number) - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return list(rows), total
