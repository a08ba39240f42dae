"""The object's gallery: a PDF's first page drawn as its preview, the main photo that the register list and the
reports use, and the split into main photo, other photos and documents that the object page shows."""
import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from cleverstore.services.register import FileInfo, files, items
from cleverstore.services.register.images import THUMB_SIZE, pdf_preview
from cleverstore.services.reports import data as report_data
from cleverstore.services.shared.errors import NotFound
from cleverstore.state.presenters.gallery import file_size, gallery_file, gallery_of
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import png_bytes, receipt_pdf, tiny_pdf


def test_a_pdfs_first_page_is_drawn_small_as_a_jpeg():
    preview = pdf_preview(receipt_pdf())
    assert preview is not None and preview[:2] == b"\xff\xd8"
    with Image.open(io.BytesIO(preview)) as image:
        assert image.format == "JPEG"
        assert image.width <= THUMB_SIZE[0] and image.height <= THUMB_SIZE[1]
        assert image.height == THUMB_SIZE[1]  # A4 is taller than wide: the height fills the box
        red, green, blue = image.convert("RGB").getpixel((image.width // 2, int(image.height * 0.35)))
        assert blue > 180 and red < 80  # the blue box is where the page has it
        red, green, blue = image.convert("RGB").getpixel((image.width // 2, int(image.height * 0.95)))
        assert min(red, green, blue) > 230  # the page's white bottom


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj<</Type/Catalog broken",  # broken
    receipt_pdf()[:400],  # cut off in the middle
    receipt_pdf(encrypt="hemligt"),  # needs a password to open
    tiny_pdf(),  # no pages
], ids=["broken", "truncated", "encrypted", "no-pages"])
def test_a_pdf_that_cannot_be_drawn_has_no_preview(data):
    assert pdf_preview(data) is None


def test_a_receipt_pdf_is_stored_with_its_preview_and_a_broken_one_without(db):
    account = make_account(db)
    item = make_item(db, account)
    receipt = files.attach(db, account.id, item.id, "receipt", receipt_pdf(), "kvitto.pdf")
    assert receipt.content_type == "application/pdf" and receipt.thumb_name
    preview = files.read(db, account.id, receipt.id, thumbnail=True)
    assert preview.content_type == "image/jpeg" and preview.data[:2] == b"\xff\xd8"
    assert files.read(db, account.id, receipt.id, thumbnail=False).data.startswith(b"%PDF")
    encrypted = files.attach(db, account.id, item.id, "warranty", receipt_pdf(encrypt="hemligt"), "garanti.pdf")
    assert encrypted.thumb_name is None and encrypted.content_type == "application/pdf"
    with pytest.raises(NotFound):
        files.read(db, account.id, encrypted.id, thumbnail=True)
    other = make_account(db)
    for file_id in (receipt.id, encrypted.id):
        with pytest.raises(NotFound):
            files.read(db, other.id, file_id, thumbnail=True)


def test_the_chosen_main_photo_is_the_one_the_register_list_and_the_reports_show(db):
    account = make_account(db)
    item = make_item(db, account, name="Cykel")
    first = files.attach(db, account.id, item.id, "photo", png_bytes(), "fram.png")
    second = files.attach(db, account.id, item.id, "photo", png_bytes(), "sida.png")
    receipt = files.attach(db, account.id, item.id, "receipt", receipt_pdf(), "kvitto.pdf")
    assert items.view_of(db, account.id, item).main_photo_id == first.id
    files.set_main(db, account.id, second.id)
    db.expire_all()
    assert [f.id for f in files.files_of(db, account.id, item.id) if f.is_main] == [second.id]
    assert items.view_of(db, account.id, item).main_photo_id == second.id
    assert report_data._main_thumbnails(db, account.id) == {item.id: second.thumb_name}
    with pytest.raises(NotFound):  # a receipt is never the main photo, not even with a preview
        files.set_main(db, account.id, receipt.id)
    with pytest.raises(NotFound):  # nor is another customer's photo
        files.set_main(db, make_account(db).id, first.id)
    db.expire_all()
    assert items.view_of(db, account.id, item).main_photo_id == second.id


def _info(file_id: int, kind: str, *, main: bool = False, content_type: str = "image/jpeg", thumb: str | None = "t",
          size: int = 2048) -> FileInfo:
    return FileInfo(id=file_id, kind=kind, original_name=f"fil-{file_id}", content_type=content_type, is_main=main,
                    thumb_name=thumb, size_bytes=size, created_at=datetime(2026, 3, 1, 11, 30, tzinfo=UTC))


def test_the_page_shows_the_main_photo_first_the_other_photos_then_the_documents():
    shown = gallery_of([_info(1, "photo", main=True), _info(2, "receipt", content_type="application/pdf"),
                        _info(3, "photo"), _info(4, "manual", content_type="application/pdf", thumb=None)], "sv")
    assert shown.main["id"] == "1" and shown.main["is_main"] == "1"
    assert shown.main["view"] == "/files/1/view" and shown.main["thumb"] == "/files/1/thumb"
    assert [p["id"] for p in shown.photos] == ["3"]
    assert [(d["id"], d["icon"], d["thumb"]) for d in shown.documents] == [
        ("2", "pdf", "/files/2/thumb"), ("4", "pdf", "")]
    assert shown.documents[0]["facts"] == "Kvitto · 2 kB · 2026-03-01"
    assert gallery_file(_info(5, "other", content_type="image/png"), "en")["icon"] == "image"
    # photos kept before a main photo was chosen: the first one leads, and is offered as the main photo
    legacy = gallery_of([_info(7, "photo"), _info(8, "photo")], "sv")
    assert legacy.main["id"] == "7" and legacy.main["is_main"] == "" and [p["id"] for p in legacy.photos] == ["8"]


@pytest.mark.parametrize("size, lang, text", [
    (300, "sv", "1 kB"), (84_000, "sv", "82 kB"), (2_500_000, "sv", "2,4 MB"), (2_500_000, "en", "2.4 MB")])
def test_file_sizes_read_as_people_say_them(size, lang, text):
    assert file_size(size, lang) == text
