"""Where a customer's sensitive files live on disk: heir-claim documents, one directory per account.

No route serves them to customers; the erasure removes the directory. Photos and
receipts are in the file store (cleverstore/storage), found through their rows.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from cleverstore.config import get_settings


def sensitive_dir(account_id: int) -> Path:
    return get_settings().data_dir / "sensitive" / str(int(account_id))


def all_dirs(account_id: int) -> list[Path]:
    return [sensitive_dir(account_id)]


def erase_all(account_id: int) -> int:
    """Remove every file of the account from disk; returns how many were removed."""
    removed = 0
    for root in all_dirs(account_id):
        if root.exists():
            removed += sum(1 for p in root.rglob("*") if p.is_file())
            shutil.rmtree(root)
    return removed
