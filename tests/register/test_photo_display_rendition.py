"""Photos get a display rendition (WebP, long edge at most 1200 px) and, when larger, a phone rendition (640 px)
that the object page shows, so a phone does not load the full photo first; every place that deletes or sweeps
stored bytes knows about them."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlmodel import select

from cleverstore.models import ItemFile
from cleverstore.models.base import utcnow
from cleverstore.services import register
from cleverstore.services.register import FileInfo, files, undo
from cleverstore.services.register.images import DISPLAY_EDGE, PHONE_EDGE, TILE_EDGE, RejectedFile, clean_upload
from cleverstore.state.presenters.gallery import gallery_of
from cleverstore.storage.files import get_store
from tests.helpers.factories import make_account, make_item
from tests.helpers.file_store import no_orphan_grace
from tests.helpers.images import png_bytes, receipt_pdf


def _phone_photo(width: int = 2048, height: int = 1536) -> bytes:
    """A photo the size a phone takes, with some detail so it does not compress to nothing."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92)
    return out.getvalue()


def _opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_phone_photo_gets_a_webp_at_most_1200_px_and_much_smaller_than_the_original():
    clean = clean_upload(_phone_photo(), allow_pdf=False)
    shown = _opened(clean.display)
    assert shown.format == "WEBP" and shown.size == (DISPLAY_EDGE, 900)  # 4:3 kept
    assert len(clean.display) * 2 < len(clean.data)
    portrait = _opened(clean_upload(_phone_photo(1536, 2048), allow_pdf=False).display)
    assert portrait.size == (900, DISPLAY_EDGE)


def test_a_phone_photo_also_gets_a_phone_size_of_about_a_third_of_the_display_bytes_and_a_small_one_none():
    clean = clean_upload(_phone_photo(), allow_pdf=False)
    phone = _opened(clean.phone)
    assert phone.format == "WEBP" and phone.size == (PHONE_EDGE, 480)
    assert len(clean.phone) * 2 < len(clean.display)
    assert _opened(clean_upload(_phone_photo(1536, 2048), allow_pdf=False).phone).size == (480, PHONE_EDGE)
    assert clean_upload(_phone_photo(640, 480), allow_pdf=False).phone is None  # the display size is as small
    assert clean_upload(receipt_pdf(), allow_pdf=True).phone is None


def test_a_photo_gets_a_tile_of_fewer_bytes_than_its_thumbnail_which_stays_a_jpeg_for_the_reports():
    clean = clean_upload(_phone_photo(), allow_pdf=False)
    tile = _opened(clean.tile)
    assert tile.format == "WEBP" and tile.size == (TILE_EDGE, 180)
    assert len(clean.tile) < len(clean.thumbnail) and _opened(clean.thumbnail).format == "JPEG"
    assert clean_upload(png_bytes(200, 150), allow_pdf=False).tile is None  # no smaller than it is


def test_the_tile_is_read_falls_back_to_the_thumbnail_and_goes_with_the_photo(db):
    account = make_account(db)
    item = make_item(db, account)
    record = files.attach(db, account.id, item.id, "photo", _phone_photo(), "soffa.jpg")
    db.commit()
    tile_name = record.tile_rendition
    assert tile_name and tile_name in files.stored_names(record)
    tile = files.read(db, account.id, record.id, thumbnail=False, tile=True)
    assert tile.content_type == "image/webp" and _opened(tile.data).size == (TILE_EDGE, 180)
    small = files.attach(db, account.id, item.id, "photo", png_bytes(), "liten.png")
    fallback = files.read(db, account.id, small.id, thumbnail=False, tile=True)
    assert fallback.content_type == "image/jpeg" and fallback.data == get_store().get(small.thumb_name)
    files.remove(db, account.id, record.id)
    db.commit()
    assert get_store().get(tile_name) is None


def test_the_phone_size_is_read_and_falls_back_to_the_display_size_and_goes_with_the_photo(db):
    account = make_account(db)
    item = make_item(db, account)
    record = files.attach(db, account.id, item.id, "photo", _phone_photo(), "soffa.jpg")
    db.commit()
    phone_name = record.phone_rendition
    assert phone_name and phone_name.endswith(".webp") and phone_name in files.stored_names(record)
    phone = files.read(db, account.id, record.id, thumbnail=False, phone=True)
    assert phone.content_type == "image/webp" and _opened(phone.data).size == (PHONE_EDGE, 480)
    small = files.attach(db, account.id, item.id, "photo", png_bytes(), "liten.png")
    assert small.phone_rendition is None
    assert files.read(db, account.id, small.id, thumbnail=False, phone=True).data == get_store().get(
        small.display_rendition)
    files.remove(db, account.id, record.id)
    db.commit()
    assert get_store().get(phone_name) is None


def test_the_sweep_keeps_a_phone_size_whose_row_exists(db, monkeypatch):
    account = make_account(db)
    kept = files.attach(db, account.id, make_item(db, account).id, "photo", _phone_photo(), "1.jpg")
    db.commit()
    with no_orphan_grace(monkeypatch):
        assert files.sweep_orphans(db) == 0
    assert get_store().get(kept.phone_rendition) is not None and get_store().get(kept.tile_rendition) is not None


def test_photos_stored_before_get_their_phone_sizes_from_the_scheduled_jobs_once(db):
    from cleverstore.services.operations import jobs

    account = make_account(db)
    item = make_item(db, account)
    old = files.attach(db, account.id, item.id, "photo", _phone_photo(), "gammal.jpg")
    small = files.attach(db, account.id, item.id, "photo", png_bytes(), "liten.png")
    gone = files.attach(db, account.id, item.id, "photo", _phone_photo(), "borta.jpg")
    receipt = files.attach(db, account.id, item.id, "receipt", receipt_pdf(), "kvitto.pdf")
    for record in (old, small, gone):  # as a photo stored before the phone sizes were made
        if record.phone_rendition:
            get_store().delete(record.phone_rendition)
        if record.tile_rendition:
            get_store().delete(record.tile_rendition)
        record.phone_rendition = record.tile_rendition = None
        db.add(record)
    get_store().delete(gone.stored_name)
    db.commit()
    assert jobs.purge(db)["photo_phone_sizes"] == 1
    db.commit()
    db.refresh(old), db.refresh(small), db.refresh(gone), db.refresh(receipt)
    assert _opened(get_store().get(old.phone_rendition)).size == (PHONE_EDGE, 480)
    assert _opened(get_store().get(old.tile_rendition)).size == (TILE_EDGE, 180)
    assert files.read(db, account.id, old.id, thumbnail=False, phone=True).data == get_store().get(old.phone_rendition)
    # too small, or its bytes gone: looked at once, then left; the routes serve the display size and thumbnail
    assert (small.phone_rendition, small.tile_rendition) == ("", "") == (gone.phone_rendition, gone.tile_rendition)
    assert files.read(db, account.id, small.id, thumbnail=False, tile=True).content_type == "image/jpeg"
    assert files.stored_names(small) == [small.stored_name, small.thumb_name, small.display_rendition]
    assert receipt.phone_rendition is None and receipt.tile_rendition is None  # documents are not photos
    assert files.add_phone_sizes(db) == 0  # nothing is read twice


def test_a_small_photo_keeps_its_size_and_a_transparent_png_keeps_its_transparency():
    small = _opened(clean_upload(png_bytes(40, 30), allow_pdf=False).display)
    assert small.format == "WEBP" and small.size == (40, 30)
    assert small.mode == "RGBA" and small.getpixel((5, 5))[3] < 255


def test_a_documents_pdf_has_no_display_rendition():
    assert clean_upload(receipt_pdf(), allow_pdf=True).display is None


@pytest.mark.parametrize("data", [b"\xff\xd8\xff\xe0 not really a jpeg", b"GIF89a" + b"\x00" * 40,
                                  _phone_photo()[:2000]])
def test_a_broken_or_disallowed_image_is_still_refused_and_nothing_is_stored(db, data):
    account = make_account(db)
    item = make_item(db, account)
    before = sorted(p for p in get_store().root.rglob("*") if p.is_file())
    with pytest.raises(RejectedFile):
        files.attach(db, account.id, item.id, "photo", data, "trasig.jpg")
    assert sorted(p for p in get_store().root.rglob("*") if p.is_file()) == before
    assert files.files_of(db, account.id, item.id) == []


def test_the_rendition_is_stored_and_read_and_an_older_photo_falls_back_to_the_full_image(db):
    account = make_account(db)
    item = make_item(db, account)
    record = files.attach(db, account.id, item.id, "photo", _phone_photo(), "soffa.jpg")
    assert record.display_rendition and record.display_rendition.endswith(".webp")
    shown = files.read(db, account.id, record.id, thumbnail=False, display=True)
    assert shown.content_type == "image/webp" and shown.filename == "soffa.webp"
    assert _opened(shown.data).size == (DISPLAY_EDGE, 900)
    assert files.read(db, account.id, record.id, thumbnail=False).content_type == "image/jpeg"  # the original
    record.display_rendition = None  # a photo stored before renditions were made
    db.add(record)
    db.flush()
    full = files.read(db, account.id, record.id, thumbnail=False, display=True)
    assert full.content_type == "image/jpeg" and full.data == get_store().get(record.stored_name)


def test_removing_a_photo_deletes_its_rendition_after_the_commit(db):
    account = make_account(db)
    record = files.attach(db, account.id, make_item(db, account).id, "photo", png_bytes(), "1.png")
    db.commit()
    shown = record.display_rendition
    files.remove(db, account.id, record.id)
    assert get_store().get(shown) is not None  # not before the commit
    db.commit()
    assert get_store().get(shown) is None


def test_erasing_an_account_removes_its_renditions_and_no_one_elses(db):
    owner, other = make_account(db), make_account(db)
    kept = files.attach(db, other.id, make_item(db, other).id, "photo", png_bytes(), "k.png")
    gone = files.attach(db, owner.id, make_item(db, owner).id, "photo", png_bytes(), "g.png")
    assert files.stored_names(gone) == [gone.stored_name, gone.thumb_name, gone.display_rendition]
    files.delete_account_files(db, owner.id)
    db.commit()
    assert get_store().get(gone.display_rendition) is None
    assert get_store().get(kept.display_rendition) is not None


def test_the_sweep_keeps_renditions_of_rows_and_removes_one_left_without_a_row(db, monkeypatch):
    account = make_account(db)
    kept = files.attach(db, account.id, make_item(db, account).id, "photo", png_bytes(), "1.png")
    db.commit()
    store = get_store()
    store.put("ef/" + "3" * 32 + ".webp", b"a rendition whose upload died before the commit")
    with no_orphan_grace(monkeypatch):
        assert files.sweep_orphans(db) == 1
    assert store.get(kept.display_rendition) is not None
    assert store.get("ef/" + "3" * 32 + ".webp") is None


def test_a_bulk_delete_keeps_the_rendition_for_its_undo_and_lets_it_go_afterwards(db, monkeypatch):
    owner = make_account(db)
    first, second = make_item(db, owner, name="Kajak").id, make_item(db, owner, name="Paddel").id
    photos = [files.attach(db, owner.id, item_id, "photo", png_bytes(), "p.png") for item_id in (first, second)]
    db.commit()
    shown = [photo.display_rendition for photo in photos]
    undone = register.delete_items(owner.id, [first])
    passed = register.delete_items(owner.id, [second])
    with no_orphan_grace(monkeypatch):
        assert files.sweep_orphans(db) == 0  # both still wait for an undo
    assert register.undo_bulk_action(owner.id, undone.undo_id) == 1
    db.expire_all()
    back = db.exec(select(ItemFile).where(ItemFile.account_id == owner.id)).one()
    assert back.display_rendition == shown[0] and get_store().get(shown[0]) is not None
    late = utcnow() + timedelta(minutes=undo.UNDO_MINUTES, seconds=1)
    undo.purge_expired(db, owner.id, now=late)
    db.commit()
    assert get_store().get(shown[1]) is None and passed.undo_id != undone.undo_id


def test_the_page_shows_photos_through_the_display_route_and_documents_without_one(db):
    account = make_account(db)
    item = make_item(db, account)
    files.attach(db, account.id, item.id, "photo", png_bytes(), "a.png")
    receipt = files.attach(db, account.id, item.id, "receipt", receipt_pdf(), "kvitto.pdf")
    db.commit()
    shown = gallery_of([FileInfo.of(r) for r in files.files_of(db, account.id, item.id)], "sv")
    main_id = shown.main["id"]
    assert shown.main["display"] == f"/files/{main_id}/display"
    assert shown.main["view"] == f"/files/{main_id}/view"  # the original stays one link away
    assert shown.main["srcset"] == f"/files/{main_id}/phone 640w, /files/{main_id}/display 1200w"
    assert shown.main["tile_srcset"] == f"/files/{main_id}/tile 240w, /files/{main_id}/thumb 320w"
    assert [(d["id"], d["display"], d["srcset"]) for d in shown.documents] == [(str(receipt.id), "", "")]
