"""The change history of objects: one row per changed field, with who changed it and when."""
from __future__ import annotations

from sqlmodel import Session, select

from cleverstore.models import ItemChange

MAX_VALUE = 2000


def record_changes(db: Session, account_id: int, item_id: int, actor: str,
                   before: dict[str, str], after: dict[str, str]) -> int:
    """Store every field whose value differs; returns how many."""
    changed = 0
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, ""), after.get(name, "")
        if old != new:
            db.add(ItemChange(account_id=account_id, item_id=item_id, actor=actor[:200], field_name=name[:60],
                              old_value=old[:MAX_VALUE], new_value=new[:MAX_VALUE]))
            changed += 1
    db.flush()
    return changed


def changes(db: Session, account_id: int, item_id: int, limit: int = 100) -> list[ItemChange]:
    """Newest first; scoped by account so a foreign item id gives nothing."""
    statement = (
        select(ItemChange)
        .where(ItemChange.account_id == account_id, ItemChange.item_id == item_id)
        .order_by(ItemChange.created_at.desc(), ItemChange.id.desc())
        .limit(limit)
    )
    return list(db.exec(statement).all())
