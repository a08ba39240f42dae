"""One interface for stored file bytes, so another backend (e.g. S3) can replace the local one.

Names are made by the services (random, no user text); the store only checks
that a name cannot climb out of its root.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from cleverstore.config import get_settings

_SAFE_NAME = re.compile(r"^[a-z0-9]+(?:/[a-z0-9_.-]+)*$")


class FileStore(Protocol):
    def put(self, name: str, data: bytes) -> None: ...

    def get(self, name: str) -> bytes | None: ...

    def delete(self, name: str) -> None: ...

    def names_older_than(self, cutoff: float) -> Iterator[str]: ...


class LocalFileStore:
    """Files in a private directory under the data dir, written atomically, readable only by us."""

    def __init__(self, root: Path):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, name: str) -> Path:
        if not _SAFE_NAME.match(name) or ".." in name:
            raise ValueError("unsafe file name")
        return self.root / name

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


def get_store() -> FileStore:
    """The configured store: the data dir's `files/` (follows the settings, so tests get their own)."""
    return _local_store(str(get_settings().data_dir / "files"))
