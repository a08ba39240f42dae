"""Where a customer's files live on disk: everything of one account under one directory.

Photos and receipts (cleverstore/storage) are kept under `account_dir(id)`;
sensitive heir-claim documents under `sensitive_dir(id)`, which no route serves
to customers. The export reads the first; the erasure removes both.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from cleverstore.config import get_settings


def account_dir(account_id: int) -> Path:
    return get_settings().data_dir / "files" / str(int(account_id))


def sensitive_dir(account_id: int) -> Path:
    return get_settings().data_dir / "sensitive" / str(int(account_id))


def all_dirs(account_id: int) -> list[Path]:
    return [account_dir(account_id), sensitive_dir(account_id)]


def files_of(account_id: int) -> list[Path]:
    """Every file the customer uploaded (not the sensitive store), sorted."""
    root = account_dir(account_id)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def erase_all(account_id: int) -> int:
    """Remove every file of the account from disk; returns how many were removed."""
    removed = 0
    for root in all_dirs(account_id):
        if root.exists():
            removed += sum(1 for p in root.rglob("*") if p.is_file())
            shutil.rmtree(root)
    return removed
