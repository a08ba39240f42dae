"""The files a report's appendix lists: every photo and document of the objects the report shows."""
from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import Item, ItemFile
from cleverstore.models.register import FileKind
from cleverstore.services.register.items import ItemQuery, filtered
from cleverstore.services.reports.pdf.appendix import FileFingerprint

_COLUMNS = (Item.name, ItemFile.original_name, ItemFile.kind, ItemFile.received_at, ItemFile.captured_on,
            ItemFile.sha256)


def _rows(db: Session, statement, lang: str) -> list[FileFingerprint]:
    labels = {kind.value: translate(f"file_kind.{kind.value}", lang) for kind in FileKind}
    return [FileFingerprint(name, file_name, labels.get(kind, kind), received, captured, sha256,
                            kind == FileKind.PHOTO.value)
            for name, file_name, kind, received, captured, sha256 in db.exec(statement).all()]


def for_query(db: Session, account_id: int, query: ItemQuery, lang: str,
              listed: Callable = lambda statement, query: statement) -> list[FileFingerprint]:
    """Files of the objects a register report lists (`listed` narrows the selection as the report does)."""
    statement = (select(*_COLUMNS).select_from(Item).join(ItemFile, ItemFile.item_id == Item.id)
                 .where(ItemFile.account_id == account_id))
    statement = listed(filtered(db, statement, account_id, query), query)
    return _rows(db, statement.order_by(Item.name, Item.id, ItemFile.id), lang)


def for_items(db: Session, account_id: int, item_ids: list[int], lang: str) -> list[FileFingerprint]:
    """Files of the claim pack's objects, in the pack's order (by name)."""
    if not item_ids:
        return []
    statement = (select(*_COLUMNS).select_from(Item).join(ItemFile, ItemFile.item_id == Item.id)
                 .where(Item.account_id == account_id, ItemFile.account_id == account_id, Item.id.in_(item_ids))
                 .order_by(Item.name, Item.id, ItemFile.id))
    return _rows(db, statement, lang)
