"""Files of objects: cleaned, stored under random names outside the web root, owner-only."""
import io
import math
import struct
import zlib

import pytest
from PIL import Image
from sqlmodel import select

from cleverstore.config import get_settings
from cleverstore.models import ItemChange, ItemFile
from cleverstore.services.register import files, items
from cleverstore.services.register.images import MAX_BYTES, RejectedFile, clean_upload
from cleverstore.services.shared.errors import NotFound
from cleverstore.storage.files import LocalFileStore, get_store
from tests.helpers.factories import make_account, make_item
from tests.helpers.file_store import no_orphan_grace
from tests.helpers.images import gps_of, jpeg_with_gps, png_bytes, tiny_pdf


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge canvas (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + \
        chunk(b"IEND", b"")


def test_photo_is_reencoded_without_gps_turned_upright_with_a_thumbnail(db):
    account = make_account(db)
    item = make_item(db, account)
    record = files.attach(db, account.id, item.id, "photo", jpeg_with_gps(), "../../semester/IMG_1.jpg")
    assert record.is_main and record.content_type == "image/jpeg" and record.original_name == "IMG_1.jpg"
    stored = files.read(db, account.id, record.id, thumbnail=False)
    assert gps_of(stored.data) == {}
    with Image.open(io.BytesIO(stored.data)) as image:
        assert image.size == (30, 60)  # orientation 6 applied
        assert not image.getexif()
    thumb = files.read(db, account.id, record.id, thumbnail=True)
    assert thumb.content_type == "image/jpeg" and thumb.data[:2] == b"\xff\xd8"


def test_stored_names_are_random_and_outside_the_public_upload_dir(db):
    account = make_account(db)
    item = make_item(db, account)
    first = files.attach(db, account.id, item.id, "photo", png_bytes(), "kvitto.png")
    second = files.attach(db, account.id, item.id, "photo", png_bytes(), "kvitto.png")
    assert first.stored_name != second.stored_name and "kvitto" not in first.stored_name
    root = get_settings().data_dir / "files"
    assert (root / first.stored_name).is_file()
    assert "uploaded_files" not in str(root)
    assert first.is_main and not second.is_main
    assert first.content_type == "image/png"  # transparency kept


def test_receipt_may_be_pdf_but_a_photo_may_not(db):
    account = make_account(db)
    item = make_item(db, account)
    receipt = files.attach(db, account.id, item.id, "receipt", tiny_pdf(), "kvitto.pdf")
    assert receipt.content_type == "application/pdf" and receipt.thumb_name is None
    with pytest.raises(RejectedFile) as rejected:
        files.attach(db, account.id, item.id, "photo", tiny_pdf(), "foto.pdf")
    assert rejected.value.key == "upload.photo_must_be_image"


@pytest.mark.parametrize("data, key", [
    (b"GIF89a" + b"\x00" * 50, "upload.not_allowed"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "upload.not_allowed"),
    (b"MZ\x90\x00 not an image", "upload.not_allowed"),
    (b"", "upload.empty"),
    (b"x" * (MAX_BYTES + 1), "upload.too_big"),
    (_png_claiming(20_000, 20_000), "upload.too_many_pixels"),
    (_png_claiming(7_000, 7_000), "upload.too_many_pixels"),
])
def test_disallowed_files_are_rejected_and_nothing_is_stored(db, data, key):
    account = make_account(db)
    item = make_item(db, account)
    with pytest.raises(RejectedFile) as rejected:
        files.attach(db, account.id, item.id, "receipt", data, "x.bin")
    assert rejected.value.key == key
    assert db.exec(select(ItemFile)).all() == []


def test_display_name_drops_paths_and_control_characters():
    assert files.display_name("C:\\Users\\a\\kvitto.pdf") == "kvitto.pdf"
    assert files.display_name("\u202egnp.exe") == "gnp.exe"
    assert files.display_name("a\x00b.jpg") == "ab.jpg"
    assert len(files.display_name("x" * 500)) == 200
    assert files.display_name("../") == "fil"


@pytest.mark.usefixtures("file_store_backend")
def test_another_customer_cannot_read_change_or_attach(db):
    owner, intruder = make_account(db), make_account(db)
    item = make_item(db, owner)
    record = files.attach(db, owner.id, item.id, "photo", png_bytes(), "a.png")
    for guess in (record.id, str(record.id), record.stored_name, record.stored_name.split("/")[-1], "1 OR 1=1", None):
        with pytest.raises(NotFound):
            files.read(db, intruder.id, guess, thumbnail=False)
        with pytest.raises(NotFound):
            files.set_main(db, intruder.id, guess)
        with pytest.raises(NotFound):
            files.remove(db, intruder.id, guess)
    with pytest.raises(NotFound):
        files.attach(db, intruder.id, item.id, "photo", png_bytes(), "b.png")
    assert files.files_of(db, intruder.id, item.id) == []
    assert len(files.files_of(db, owner.id, item.id)) == 1


@pytest.mark.usefixtures("file_store_backend")
def test_main_photo_moves_on_removal_and_files_go_with_their_object(db):
    account = make_account(db)
    item = make_item(db, account)
    first = files.attach(db, account.id, item.id, "photo", png_bytes(), "1.png")
    second = files.attach(db, account.id, item.id, "photo", png_bytes(), "2.png")
    files.set_main(db, account.id, second.id)
    assert [f.is_main for f in files.files_of(db, account.id, item.id)] == [True, False]
    files.remove(db, account.id, second.id)
    assert files.get_file(db, account.id, first.id).is_main
    names = (first.stored_name, first.thumb_name)
    items.delete_item(db, account.id, item.id)
    assert all(get_store().get(name) is not None for name in names)  # until the deletion is committed
    db.commit()
    assert all(get_store().get(name) is None for name in names)
    assert db.exec(select(ItemFile)).all() == []


def test_history_records_added_and_removed_files(db):
    account = make_account(db)
    item = make_item(db, account)
    record = files.attach(db, account.id, item.id, "receipt", tiny_pdf(), "kvitto.pdf", actor="Anna")
    files.remove(db, account.id, record.id, actor="Anna")
    changes = db.exec(select(ItemChange).where(ItemChange.field_name == "file:receipt")).all()
    assert [(c.old_value, c.new_value, c.actor) for c in changes] == [("", "kvitto.pdf", "Anna"), ("kvitto.pdf", "", "Anna")]


def test_local_store_refuses_names_that_climb_out(tmp_path):
    store = LocalFileStore(tmp_path / "files")
    for bad in ("../x", "a/../../x", "/etc/passwd", "A/B"):
        with pytest.raises(ValueError):
            store.put(bad, b"x")
        assert store.get(bad) is None
    store.put("ab/cd.jpg", b"data")
    assert store.get("ab/cd.jpg") == b"data"


def test_clean_upload_detects_pdf_by_magic_bytes_not_name():
    assert clean_upload(tiny_pdf(), allow_pdf=True).content_type == "application/pdf"
    with pytest.raises(RejectedFile):
        clean_upload(b"not a pdf at all", allow_pdf=True)


@pytest.mark.usefixtures("file_store_backend")
def test_erasing_an_account_can_remove_every_file_byte(db):
    owner, other = make_account(db), make_account(db)
    kept = files.attach(db, other.id, make_item(db, other).id, "photo", png_bytes(), "k.png")
    records = [files.attach(db, owner.id, make_item(db, owner).id, "photo", png_bytes(), f"{n}.png") for n in range(3)]
    names = [name for r in records for name in (r.stored_name, r.thumb_name)]
    assert files.delete_account_files(db, owner.id) == 3
    db.commit()
    assert all(get_store().get(name) is None for name in names)
    assert get_store().get(kept.stored_name) is not None


@pytest.mark.usefixtures("file_store_backend")
def test_a_removal_that_is_rolled_back_keeps_the_file_bytes(db):
    account = make_account(db)
    record = files.attach(db, account.id, make_item(db, account).id, "photo", png_bytes(), "1.png")
    db.commit()
    files.remove(db, account.id, record.id)
    db.rollback()
    db.commit()  # a later commit of the same session must not delete them either
    assert files.read(db, account.id, record.id, thumbnail=False).data == get_store().get(record.stored_name)


@pytest.mark.usefixtures("file_store_backend")
def test_the_sweep_removes_bytes_a_crash_left_without_a_row_and_nothing_else(db, monkeypatch):
    account = make_account(db)
    kept = files.attach(db, account.id, make_item(db, account).id, "photo", png_bytes(), "1.png")
    db.commit()
    store = get_store()
    store.put("ab/" + "1" * 32 + ".jpg", b"written, then the process died before the commit")
    store.put("cd/" + "2" * 32 + ".png.part", b"half a file")  # what a crash mid-write leaves
    assert files.sweep_orphans(db) == 0  # younger than the grace period: may be an upload in flight
    with no_orphan_grace(monkeypatch):
        assert files.sweep_orphans(db) == 2
    left = sorted(store.names_older_than(math.inf))
    assert left == sorted([kept.stored_name, kept.thumb_name, kept.display_rendition])
