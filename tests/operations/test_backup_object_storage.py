"""Backups with the files in object storage: the archive holds the bucket's objects, a restore puts them back,
so the database and the files return to the same moment."""
import io
import json
import tarfile

import pytest
from PIL import Image
from sqlmodel import select

from cleverstore.config import reset_settings
from cleverstore.db import dispose_engines, session_scope
from cleverstore.models import Item, ItemFile
from cleverstore.services.operations.backup import create_backup, restore_backup
from cleverstore.services.register import files, items
from cleverstore.storage.files import LocalFileStore, get_store
from tests.helpers.databases import fresh_database_url, migrate
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import jpeg_with_gps
from tests.helpers.s3 import BUCKET, use_bucket


@pytest.fixture()
def in_bucket(s3_server, tmp_path, monkeypatch):
    """A migrated database whose file store is a prefix of the test bucket; a customer with a photo."""
    url = fresh_database_url("backup_objects", tmp_path)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("CLEVERSTORE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CLEVERSTORE_ERASURE_TOMBSTONES", str(tmp_path / "tombstones" / "erased.txt"))
    use_bucket(monkeypatch, s3_server)
    migrate(url)
    dispose_engines()
    with session_scope() as db:
        account = make_account(db)
        item = make_item(db, account, name="Kamera")
        photo = files.attach(db, account.id, item.id, "photo", jpeg_with_gps(), "kamera.jpg")
        ids = account.id, item.id, photo.stored_name
    yield url, data_dir, ids
    monkeypatch.undo()
    reset_settings()
    dispose_engines()


def test_a_restore_brings_back_the_rows_and_the_bucket_objects_together(in_bucket, tmp_path, s3_server):
    url, data_dir, (account_id, item_id, stored) = in_bucket
    store = get_store()
    original = store.get(stored)
    with session_scope() as db:
        names = [name for record in db.exec(select(ItemFile)).all() for name in files.stored_names(record)]
    assert len(names) == 3 and original is not None  # the cleaned photo, its thumbnail and display copy

    archive = create_backup(url, data_dir, tmp_path / "backups")

    with tarfile.open(archive) as tar:
        members = set(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert {f"objects/{name}" for name in names} <= members
    assert manifest["objects"] == 3 and manifest["file_store"].startswith(f"s3://{BUCKET}/")
    assert not any(name.startswith("files/files/") for name in members)  # nothing of the bucket on disk
    with session_scope() as db:  # the object and its photo go: rows and bytes
        items.delete_item(db, account_id, item_id)
    for name in names:
        store.delete(name)
    assert all(store.get(name) is None for name in names)
    dispose_engines()  # the app is stopped for a restore

    report = restore_backup(archive, url, data_dir)

    dispose_engines()
    assert report.files == 3
    restored = get_store().get(stored)
    assert restored == original
    with Image.open(io.BytesIO(restored)) as photo:
        photo.load()
        assert photo.format == "JPEG" and photo.size[0] > 0
    with session_scope() as db:
        assert [i.name for i in db.exec(select(Item)).all()] == ["Kamera"]
        record = db.exec(select(ItemFile)).one()
        assert record.stored_name == stored
        assert files.read(db, account_id, record.id, thumbnail=True).data == store.get(record.thumb_name)


def test_a_disk_backup_restored_with_object_storage_puts_the_files_in_the_bucket(s3_server, tmp_path, monkeypatch):
    url = fresh_database_url("backup_disk", tmp_path)
    data_dir = tmp_path / "data"
    LocalFileStore(data_dir / "files").put("ab/" + "1" * 32 + ".jpg", b"\xff\xd8 bytes from the disk store")
    migrate(url)
    dispose_engines()
    archive = create_backup(url, data_dir, tmp_path / "backups")
    use_bucket(monkeypatch, s3_server)
    try:
        report = restore_backup(archive, url, tmp_path / "new-node")
        assert report.files == 1
        assert get_store().get("ab/" + "1" * 32 + ".jpg") == b"\xff\xd8 bytes from the disk store"
        assert not (tmp_path / "new-node" / "files").exists()
    finally:
        monkeypatch.undo()
        reset_settings()
        dispose_engines()
