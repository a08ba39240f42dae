"""Homebox v0.26's collection export (a zip of JSON tables and files): read with limits, imported with its
photos, re-imported without change; crafted zips are refused with a clear message and nothing is saved."""
import io
import json
import zipfile
from datetime import date

import pytest
from sqlmodel import select

from cleverstore.models import CustomField, ItemFieldValue, ItemFile, Location
from cleverstore.services.imports import archive, engine
from cleverstore.services.register import catalogue, items as register_items
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.presenters.register import item_detail
from tests.helpers.factories import make_account
from tests.imports.helpers import FIXTURES, items_of

ZIP = FIXTURES / "homebox" / "collection-v0.26.0.zip"


def _import(db, account_id, data=None):
    collection = archive.read(data if data is not None else ZIP.read_bytes())
    return engine.run(db, account_id, collection.table, archive.FORMAT, skip_refused=True, actor="test",
                      attach=archive.attacher(db, account_id, collection, actor="test"))


def test_the_collection_arrives_with_places_tags_fields_and_photos(db):
    account = make_account(db)
    collection = archive.read(ZIP.read_bytes())
    preview = engine.preview(db, account.id, collection.table, archive.FORMAT)
    assert (preview.will_add, preview.will_update, preview.places, preview.files, preview.refused) == (5, 0, 2, 3, [])
    assert preview.ignored_columns == []
    result = _import(db, account.id)
    assert (result.added, result.updated, result.refused) == (5, 0, 0)
    found = items_of(db, account.id)
    assert sorted(found) == ["Cup", "Drill", "Drill bit set", "Drill case", "Lawn mower"]  # no "Home" object
    drill = found["Drill"]
    assert (drill.asset_id, drill.lifetime_warranty, drill.insured, drill.quantity) == ("000-001", True, True, 3)
    assert (drill.purchase_date, drill.purchase_price_ore, drill.import_ref) == (date(2021, 10, 13), 129950, "hb-drill")
    assert found["Cup"].status == "discarded" and found["Lawn mower"].status == "sold"
    assert found["Lawn mower"].purchase_date is None and found["Lawn mower"].sold_price_ore == 80000
    places = {p.id: p for p in db.exec(select(Location).where(Location.account_id == account.id)).all()}
    garage = places[drill.location_id]
    assert garage.name == "Garage" and places[garage.parent_id].name == "Home"
    assert found["Drill bit set"].location_id == garage.id  # inside the case: the case's place, as Homebox says
    tags = catalogue.tags_of(db, [drill.id, found["Lawn mower"].id])
    assert tags[drill.id] == ["Tools, power"] and sorted(tags[found["Lawn mower"].id]) == ["Garden", "Tools, power"]
    values = db.exec(select(CustomField.name, ItemFieldValue.value).join(
        ItemFieldValue, ItemFieldValue.field_id == CustomField.id).where(ItemFieldValue.item_id == drill.id)).all()
    assert [tuple(v) for v in values] == [("Färg", "Grön")]
    photos = db.exec(select(ItemFile).where(ItemFile.item_id == drill.id)).all()
    assert sorted((p.original_name, p.is_main) for p in photos) == [("drill-front.jpg", False),
                                                                    ("drill-side.jpg", True)]
    # the cup's "photo" is not an image: a warning of its row, the cup itself is imported
    assert db.exec(select(ItemFile).where(ItemFile.item_id == found["Cup"].id)).all() == []
    assert [key for _line, key in result.warnings if key.startswith("upload.")] == ["upload.not_allowed"]


def test_importing_the_same_collection_again_changes_nothing(db):
    account = make_account(db)
    _import(db, account.id)
    before = {name: (i.updated_at, i.location_id) for name, i in items_of(db, account.id).items()}
    files_before = len(db.exec(select(ItemFile).where(ItemFile.account_id == account.id)).all())
    again = _import(db, account.id)
    assert (again.added, again.updated) == (0, 5)
    assert {name: (i.updated_at, i.location_id) for name, i in items_of(db, account.id).items()} == before
    assert len(db.exec(select(ItemFile).where(ItemFile.account_id == account.id)).all()) == files_before == 2


def test_the_object_page_shows_asset_id_link_and_lifetime_warranty(db):
    account = make_account(db)
    _import(db, account.id)
    drill = items_of(db, account.id)["Drill"]
    drill.url = "https://example.com/drill"
    detail = item_detail(register_items.view_of(db, account.id, drill), "sv", date(2026, 6, 1))
    assert (detail["asset_id"], detail["url"], detail["url_is_web"], detail["lifetime_warranty"]) == \
        ("000-001", "https://example.com/drill", "1", "Ja")
    drill.url = "javascript:alert(1)"
    detail = item_detail(register_items.view_of(db, account.id, drill), "en", date(2026, 6, 1))
    assert (detail["url"], detail["url_is_web"], detail["lifetime_warranty"]) == ("javascript:alert(1)", "", "Yes")


def _zip(entries: dict[str, bytes], *, symlink: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zw:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == symlink:
                info.external_attr = (0o120777 << 16)
            zw.writestr(info, data)
    return out.getvalue()


def _real_entries() -> dict[str, bytes]:
    with zipfile.ZipFile(ZIP) as zr:
        return {name: zr.read(name) for name in zr.namelist()}


def _lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite an entry's declared unpacked size in both headers (what a zip bomb does)."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature + b"")
        while at != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + len(encoded)] == encoded:
                raw[at + offset:at + offset + 4] = size.to_bytes(4, "little")
            at = raw.find(signature, at + 4)
    return bytes(raw)


@pytest.mark.parametrize("case, key", [
    ("outside", "register.zip_path_outside"),
    ("absolute", "register.zip_path_outside"),
    ("symlink", "register.zip_link"),
    ("long_name", "register.zip_bad_name"),
    ("declared_huge", "register.zip_too_big_unpacked"),
    # unpacking stops at the declared size, and the checksum of what was read then fails
    ("real_bigger_than_declared", "register.zip_broken"),
    ("too_many_entries", "register.zip_too_many_entries"),
    ("not_a_zip", "register.zip_broken"),
    ("no_manifest", "register.zip_not_homebox"),
    ("newer_schema", "register.zip_unknown_version"),
])
def test_a_crafted_zip_is_refused_with_a_clear_message_and_nothing_is_saved(db, case, key):
    entries = _real_entries()
    symlink = ""
    if case == "outside":
        entries["attachments/../../etc/cron.d/x"] = b"x"
    elif case == "absolute":
        entries["/etc/passwd"] = b"x"
    elif case == "symlink":
        entries["attachments/link"] = b"/etc/passwd"
        symlink = "attachments/link"
    elif case == "long_name":
        entries["attachments/" + "a" * 250] = b"x"
    elif case == "too_many_entries":
        entries.update({f"attachments/{i}": b"" for i in range(archive.MAX_ENTRIES + 1)})
    elif case == "no_manifest":
        del entries["manifest.json"]
    elif case == "newer_schema":
        entries["manifest.json"] = json.dumps({"schemaVersion": 2}).encode()
    data = _zip(entries, symlink=symlink)
    if case == "declared_huge":
        bomb = b"\0" * (4 * 1024 * 1024)  # 4 MB of zeros packs to ~4 KB; declared as almost 4 GB
        data = _lie_about_size(_zip({**entries, "attachments/bomb": bomb}), "attachments/bomb", 0xFFFFFFF0)
    elif case == "real_bigger_than_declared":
        data = _lie_about_size(_zip({**entries, "attachments/bomb": b"\0" * (4 * 1024 * 1024)}),
                               "attachments/bomb", 1000)
    elif case == "not_a_zip":
        data = b"PK\x03\x04 this is not really a zip"
    account = make_account(db)
    with pytest.raises(ValidationFailed) as refused:
        _import(db, account.id, data)
    assert refused.value.errors == {"file": key}
    assert items_of(db, account.id) == {}
    assert db.exec(select(Location).where(Location.account_id == account.id)).all() == []


def test_a_file_larger_than_an_upload_may_be_is_a_warning_and_is_never_unpacked_for_saving(db):
    entries = _real_entries()
    rows = json.loads(entries["attachments.json"])
    big = {**rows[0], "id": "a0000000-0000-4000-8000-0000000000ff", "title": "huge.jpg", "attachment_thumbnail": None}
    entries["attachments.json"] = json.dumps([*rows, big]).encode()
    entries[f"attachments/{big['id']}"] = b"\0" * (16 * 1024 * 1024)
    account = make_account(db)
    result = _import(db, account.id, _zip(entries))
    assert result.added == 5
    assert sorted(key for _line, key in result.warnings if key.startswith("upload.")) == [
        "upload.not_allowed", "upload.too_big"]
    drill = items_of(db, account.id)["Drill"]
    assert len(db.exec(select(ItemFile).where(ItemFile.item_id == drill.id)).all()) == 2
