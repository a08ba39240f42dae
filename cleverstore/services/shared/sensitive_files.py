"""Where a customer's sensitive files live: heir-claim documents, in the shared file store under
"sensitive/<account>/claims/<claim>/", so an heir reviewer on any app node opens what a claimant sent
to another.

No route serves them to customers (customer files are served through their rows, and the orphan sweep
touches only photos' and receipts' names); they are stored like every object: private, written
atomically, 0600 on disk, SSE-S3 in a bucket, and kept in backups. The erasure removes them.
Documents sent before they moved to the store stay readable from the node's data directory
(`sensitive_dir`) until they are purged or erased.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.models import ClaimDocument
from cleverstore.storage.files import get_store


def sensitive_dir(account_id: int) -> Path:
    """The directory documents were kept in on a node's disk before the shared store."""
    return get_settings().data_dir / "sensitive" / str(int(account_id))


def _claim_prefix(account_id: int, claim_id: int) -> str:
    return f"sensitive/{int(account_id)}/claims/{int(claim_id)}"


def document_name(account_id: int, claim_id: int, stored_name: str) -> str:
    """A claim document's name in the shared store."""
    return f"{_claim_prefix(account_id, claim_id)}/{stored_name}"


def _legacy_folder(account_id: int, claim_id: int) -> Path:
    return sensitive_dir(account_id) / "claims" / str(int(claim_id))


def put_document(account_id: int, claim_id: int, stored_name: str, data: bytes) -> None:
    get_store().put(document_name(account_id, claim_id, stored_name), data)


def read_document(account_id: int, claim_id: int, stored_name: str) -> bytes | None:
    """The document's bytes from the store (or from this node's disk if sent before the move); None
    when neither has it."""
    data = get_store().get(document_name(account_id, claim_id, stored_name))
    if data is not None:
        return data
    legacy = _legacy_folder(account_id, claim_id) / Path(stored_name).name
    return legacy.read_bytes() if legacy.is_file() else None


def delete_claim_documents(account_id: int, claim_id: int, stored_names: list[str]) -> None:
    """A decided claim's evidence goes: from the store and from any node directory it was kept in."""
    store = get_store()
    for stored_name in stored_names:
        store.delete(document_name(account_id, claim_id, stored_name))
    shutil.rmtree(_legacy_folder(account_id, claim_id), ignore_errors=True)


def all_dirs(account_id: int) -> list[Path]:
    return [sensitive_dir(account_id)]


def erase_all(db: Session, account_id: int) -> int:
    """Remove every sensitive file of the account (before its rows go: they name the files); returns
    how many documents were removed."""
    documents = db.exec(select(ClaimDocument).where(ClaimDocument.account_id == account_id)).all()
    store = get_store()
    for doc in documents:
        store.delete(document_name(account_id, doc.claim_id, doc.stored_name))
    for root in all_dirs(account_id):
        shutil.rmtree(root, ignore_errors=True)
    return len(documents)
