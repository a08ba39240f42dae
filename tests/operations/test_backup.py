"""Backup and restore: a restore gives back every row and file, and refuses damaged archives."""
import io
import stat
import tarfile

import pytest
from sqlmodel import select

from cleverstore.config import reset_settings
from cleverstore.db import dispose_engines, session_scope
from cleverstore.models import Account, Item
from cleverstore.services.operations.backup import (
    BackupError,
    create_backup,
    restore_backup,
    table_counts,
)
from cleverstore.services.privacy import tombstones
from cleverstore.services.privacy.erasure import erase_account, subject_hash
from tests.helpers.databases import fresh_database_url, migrate
from tests.helpers.factories import make_account, make_item


@pytest.fixture()
def source(tmp_path, monkeypatch):
    """A migrated database with two customers and a file in the store."""
    url = fresh_database_url("backup_source", tmp_path)
    data_dir = tmp_path / "data"
    (data_dir / "files" / "1").mkdir(parents=True)
    (data_dir / "files" / "1" / "photo.jpg").write_bytes(b"\xff\xd8 photo bytes")
    (data_dir / "reports").mkdir()
    (data_dir / "reports" / "old.pdf").write_bytes(b"%PDF old")
    migrate(url)
    with session_scope() as db:
        for number in range(2):
            account = make_account(db)
            for item in range(5):
                make_item(db, account, name=f"Sak {number}-{item}")
    dispose_engines()
    yield url, data_dir
    monkeypatch.undo()
    reset_settings()
    dispose_engines()


def test_restore_gives_back_every_row_and_file(source, tmp_path):
    url, data_dir = source
    archive = create_backup(url, data_dir, tmp_path / "backups")
    revision, counts = table_counts(url)
    assert counts["item"] == 10 and counts["account"] == 2
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "files/files/1/photo.jpg" in names and "manifest.json" in names
    assert not any("reports/" in name for name in names)  # 24-hour report files are not kept
    target_url = fresh_database_url("backup_target", tmp_path)
    target_dir = tmp_path / "restored"
    report = restore_backup(archive, target_url, target_dir)
    assert report.revision == revision and report.tables == counts
    assert (target_dir / "files" / "1" / "photo.jpg").read_bytes() == b"\xff\xd8 photo bytes"


def test_a_tampered_archive_is_refused(source, tmp_path):
    url, data_dir = source
    archive = create_backup(url, data_dir, tmp_path / "backups")
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(tampered, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.endswith("photo.jpg"):
                data = b"changed"
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="checksum"):
        restore_backup(tampered, fresh_database_url("backup_target", tmp_path), tmp_path / "restored")


def test_an_archive_with_a_path_outside_is_refused(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupError):
        restore_backup(evil, fresh_database_url("backup_target", tmp_path), tmp_path / "restored")


def test_the_archive_is_readable_by_its_owner_only(source, tmp_path):
    url, data_dir = source
    archive = create_backup(url, data_dir, tmp_path / "backups")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_a_restore_never_brings_back_an_account_erased_after_the_backup(source, tmp_path, monkeypatch):
    url, data_dir = source
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CLEVERSTORE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CLEVERSTORE_ERASURE_TOMBSTONES", str(tmp_path / "tombstones" / "erased.txt"))
    reset_settings()
    dispose_engines()
    archive = create_backup(url, data_dir, tmp_path / "backups")
    with session_scope() as db:
        erased, kept = sorted(db.exec(select(Account.id)).all())
        erase_account(db, erased)
    with session_scope() as db:
        assert db.get(Account, erased) is None
    with tarfile.open(archive) as tar:
        assert not any("erased.txt" in name or "tombstone" in name for name in tar.getnames())
    dispose_engines()  # the app is stopped for a restore

    report = restore_backup(archive, url, data_dir)

    assert report.erased_again == 1
    dispose_engines()
    with session_scope() as db:
        assert db.get(Account, erased) is None and db.get(Account, kept) is not None
        assert db.exec(select(Item).where(Item.account_id == erased)).all() == []
        assert len(db.exec(select(Item).where(Item.account_id == kept)).all()) == 5


def test_a_rolled_back_erasure_leaves_no_tombstone(db, tmp_path, monkeypatch):
    monkeypatch.setenv("CLEVERSTORE_ERASURE_TOMBSTONES", str(tmp_path / "erased.txt"))
    reset_settings()
    account = make_account(db)
    db.commit()
    with pytest.raises(RuntimeError), session_scope() as session:
        erase_account(session, account.id)
        raise RuntimeError("the unit of work fails after the erasure")
    assert tombstones.recorded() == set()
    with session_scope() as session:
        erase_account(session, account.id)
    assert tombstones.recorded() == {subject_hash(account.id)}
    monkeypatch.undo()
    reset_settings()
