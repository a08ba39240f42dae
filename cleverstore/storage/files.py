"""One interface for stored file bytes: the local disk by default, S3-compatible object storage when
several app machines share the files (CLEVERSTORE_STORAGE_URL=s3://bucket/prefix).

Names are made by the services (random, no user text); every store checks that a name cannot
climb out of its root (the directory, or the bucket's prefix).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from cleverstore.config import Settings, get_settings

_SAFE_NAME = re.compile(r"^[a-z0-9]+(?:/[a-z0-9_.-]+)*$")


class FileStore(Protocol):
    def put(self, name: str, data: bytes) -> None: ...

    def get(self, name: str) -> bytes | None: ...

    def delete(self, name: str) -> None: ...

    def names_older_than(self, cutoff: float) -> Iterator[str]: ...


def checked_name(name: str) -> str:
    """The name itself when it stays inside the store's root; ValueError otherwise."""
    if not isinstance(name, str) or not _SAFE_NAME.match(name) or ".." in name:
        raise ValueError("unsafe file name")
    return name


class LocalFileStore:
    """Files in a private directory under the data dir, written atomically, readable only by us."""

    def __init__(self, root: Path):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, name: str) -> Path:
        return self.root / checked_name(name)

    def put(self, name: str, data: bytes) -> None:
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(path.name + ".part")
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o600)
        temporary.replace(path)

    def get(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except (FileNotFoundError, ValueError):
            return None

    def delete(self, name: str) -> None:
        try:
            self._path(name).unlink()
        except (FileNotFoundError, ValueError):
            pass

    def names_older_than(self, cutoff: float) -> Iterator[str]:
        """Names of stored files (and leftover `.part` files) last written before `cutoff` (epoch seconds)."""
        for path in self.root.rglob("*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    yield path.relative_to(self.root).as_posix()
            except FileNotFoundError:
                continue


@lru_cache(maxsize=4)
def _local_store(root: str) -> LocalFileStore:
    return LocalFileStore(Path(root))


def uses_object_storage(settings: Settings | None = None) -> bool:
    """True when the files live in a bucket shared by every app machine, not under the data dir."""
    return (settings or get_settings()).storage_url.startswith("s3://")


def get_store() -> FileStore:
    """The configured store: the bucket of CLEVERSTORE_STORAGE_URL, or the data dir's `files/`
    (follows the settings, so tests get their own)."""
    settings = get_settings()
    if uses_object_storage(settings):
        from cleverstore.storage.s3 import store_for

        return store_for(settings)
    return _local_store(str(settings.data_dir / "files"))
