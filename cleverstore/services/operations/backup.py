"""Backups and restores of the database and the file store, checked after every restore.

A backup is one .tar.gz with:
- the database: an online SQLite backup (sqlite3 backup API, never a copy of the
  live file) or a `pg_dump -Fc` archive for PostgreSQL;
- every file under the data directory (photos, receipts, claim documents, the
  generated secret key) except the live database and the 24-hour report files;
- with the files in object storage (CLEVERSTORE_STORAGE_URL=s3://…), every object under the
  store's prefix as `objects/<name>`: copied once before the database dump and once more after it
  for the objects written meanwhile, so every file row in the dump has its bytes in the archive
  (bytes are written before their row commits and deleted only after it is gone);
- manifest.json: time, schema revision, row counts per table, SHA-256 of each member.

A restore refuses an archive whose checksums do not match, then checks the result:
SQLite's integrity check, the schema revision and the row count of every table. The objects go back
into the configured store (a bucket, or the data directory's `files/` on local disk; a disk backup
restored with object storage configured puts its files into the bucket). Then it erases
again every account erased since the backup was made (the erasure tombstones live outside the
data that is backed up and restored).
Archives hold all personal data and the secret key: they are written readable by their owner only;
store them encrypted and access-controlled.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from cleverstore.config import get_settings
from cleverstore.services.privacy.erasure import erase_again_after_restore
from cleverstore.storage.files import FileStore, LocalFileStore, get_store, uses_object_storage

SKIPPED_DIRS = {"reports"}
STORE_DIR = "files"  # the local file store's directory under the data dir
SKIPPED_OBJECTS = "reports/"  # report files live 24 hours; a restore would bring back purged ones
OBJECTS = "objects/"  # where a bucket's objects go in the archive
DB_MEMBER = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """The archive is damaged or does not match what it claims to hold."""


@dataclass(frozen=True)
class RestoreReport:
    revision: str
    tables: dict[str, int]
    files: int
    erased_again: int = 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dialect(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database)


def _pg_args(url: str) -> list[str]:
    parsed = make_url(url)
    args = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    return args + ["-d", parsed.database]


def table_counts(url: str) -> tuple[str, dict[str, int]]:
    """The alembic revision and the number of rows in every table."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            counts = {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one() for name in tables}
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() \
                if "alembic_version" in tables else ""
    finally:
        engine.dispose()
    return revision, counts


def _dump_database(url: str, target: Path) -> None:
    if _dialect(url) == "sqlite":
        source = sqlite3.connect(str(_sqlite_path(url)))
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    # the tables force row-level security: without the flag pg_dump run by their (non-superuser) owner
    # refuses; with it the policy applies, and with no customer declared it shows every row
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "--enable-row-security", "-f", str(target), *_pg_args(url)],
                   check=True, capture_output=True)


def _data_files(data_dir: Path, database: Path | None) -> list[Path]:
    skipped = {database, Path(f"{database}-wal"), Path(f"{database}-shm")} if database else set()
    skipped.add(get_settings().erasure_tombstones_file.resolve())
    files = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if not path.is_file() or path.resolve() in skipped or relative.parts[0] in SKIPPED_DIRS:
            continue
        if relative.parts[0] == STORE_DIR and relative.relative_to(STORE_DIR).as_posix().startswith(SKIPPED_OBJECTS):
            continue
        if path.suffix in (".tar", ".gz") or relative.parts[0] == "backups":
            continue
        files.append(path)
    return files


def _copy_objects(store: FileStore, scratch: Path, members: dict[str, Path]) -> None:
    """Download every object of the store not yet in `members` into `scratch` (one at a time)."""
    for name in sorted(store.names_older_than(math.inf)):
        member = OBJECTS + name
        if member in members or name.startswith(SKIPPED_OBJECTS):
            continue
        data = store.get(name)
        if data is None:  # deleted since the listing, or a key no stored name could be (never written out)
            continue
        path = scratch / "objects" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        members[member] = path


def create_backup(url: str, data_dir: Path, destination: Path, *, now: datetime | None = None) -> Path:
    """Write one archive into `destination`; returns its path."""
    now = now or datetime.now(timezone.utc)
    destination.mkdir(parents=True, exist_ok=True)
    archive = destination / f"cleverstore-backup-{now.strftime('%Y%m%d-%H%M%S')}.tar.gz"
    revision, counts = table_counts(url)
    bucket = get_store() if uses_object_storage() else None
    with tempfile.TemporaryDirectory(prefix="cleverstore-backup-") as scratch:
        objects: dict[str, Path] = {}
        if bucket is not None:
            _copy_objects(bucket, Path(scratch), objects)
        dump = Path(scratch) / DB_MEMBER[_dialect(url)]
        _dump_database(url, dump)
        if bucket is not None:
            _copy_objects(bucket, Path(scratch), objects)  # written while the database was dumped
        database = _sqlite_path(url).resolve() if _dialect(url) == "sqlite" else None
        members = {dump.name: dump}
        for path in _data_files(data_dir, database):
            members["files/" + path.relative_to(data_dir).as_posix()] = path
        members.update(objects)
        manifest = {
            "created_at": now.isoformat(), "database": _dialect(url), "revision": revision, "tables": counts,
            "file_store": get_settings().storage_url or "data directory", "objects": len(objects),
            "sha256": {name: _sha256(path) for name, path in members.items()},
        }
        manifest_path = Path(scratch) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = archive.with_name(archive.name + ".part")
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.chmod(partial, 0o600)  # personal data and the secret key: the owner only
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname="manifest.json")
            for name, path in members.items():
                tar.add(path, arcname=name)
        partial.replace(archive)
    return archive


def _safe_extract(archive: Path, target: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                raise BackupError(f"unexpected member {member.name!r}")
        tar.extractall(target, filter="data")
    manifest_path = target / "manifest.json"
    if not manifest_path.exists():
        raise BackupError("manifest.json is missing")
    manifest = json.loads(manifest_path.read_text())
    present = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} - {"manifest.json"}
    if present != set(manifest["sha256"]):
        raise BackupError("the archive's members do not match its manifest")
    for name, expected in manifest["sha256"].items():
        if _sha256(target / name) != expected:
            raise BackupError(f"checksum mismatch for {name}")
    return manifest


def _load_database(manifest: dict, dump: Path, url: str) -> None:
    if manifest["database"] != _dialect(url):
        raise BackupError(f"a {manifest['database']} backup cannot be restored into {_dialect(url)}")
    if _dialect(url) == "sqlite":
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(dump, target)
        return
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *_pg_args(url),
                    str(dump)], check=True, capture_output=True)


def _check(url: str, manifest: dict) -> tuple[str, dict[str, int]]:
    if _dialect(url) == "sqlite":
        connection = sqlite3.connect(str(_sqlite_path(url)))
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
        if result != "ok":
            raise BackupError(f"SQLite integrity check failed: {result}")
    revision, counts = table_counts(url)
    if revision != manifest["revision"]:
        raise BackupError(f"schema revision {revision!r} is not the backup's {manifest['revision']!r}")
    if counts != manifest["tables"]:
        raise BackupError("row counts differ from the backup's")
    return revision, counts


def restore_backup(archive: Path, url: str, data_dir: Path) -> RestoreReport:
    """Restore database and files from `archive`, then verify them; raises BackupError on any mismatch."""
    with tempfile.TemporaryDirectory(prefix="cleverstore-restore-") as scratch:
        unpacked = Path(scratch)
        manifest = _safe_extract(archive, unpacked)
        _load_database(manifest, unpacked / DB_MEMBER[manifest["database"]], url)
        restored = _restore_files(unpacked, data_dir)
    revision, counts = _check(url, manifest)
    return RestoreReport(revision, counts, restored, _erase_again(url))


def _restore_files(unpacked: Path, data_dir: Path) -> int:
    """Data-dir files back under `data_dir`, objects back into the store; returns how many files.

    With object storage configured, the local store's files of a disk backup go into the bucket too.
    """
    store: FileStore = get_store() if uses_object_storage() else LocalFileStore(data_dir / STORE_DIR)
    restored = 0
    files_root = unpacked / "files"
    for path in sorted(files_root.rglob("*")) if files_root.exists() else []:
        if not path.is_file():
            continue
        relative = path.relative_to(files_root)
        if relative.parts[0] == STORE_DIR and uses_object_storage():
            store.put(relative.relative_to(STORE_DIR).as_posix(), path.read_bytes())
        else:
            target = data_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        restored += 1
    objects_root = unpacked / OBJECTS
    for path in sorted(objects_root.rglob("*")) if objects_root.exists() else []:
        if path.is_file():
            store.put(path.relative_to(objects_root).as_posix(), path.read_bytes())
            restored += 1
    return restored


def _erase_again(url: str) -> int:
    engine = create_engine(url)
    try:
        with Session(engine) as db:
            erased = erase_again_after_restore(db)
            db.commit()
    finally:
        engine.dispose()
    return erased
