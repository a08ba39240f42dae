"""A Homebox collection export (.zip) moves in through the import page's use cases and the operators'
command alike: its objects, places and photos arrive; a zip larger than the page takes is refused."""
from sqlmodel import select

from cleverstore.__main__ import main
from cleverstore.models import Item, ItemFile
from cleverstore.services import imports
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account
from tests.imports.helpers import FIXTURES

ZIP = FIXTURES / "homebox" / "collection-v0.26.0.zip"


def _photos(db, account_id) -> dict[str, list[str]]:
    db.expire_all()
    rows = db.exec(select(Item.name, ItemFile.original_name).join(ItemFile, ItemFile.item_id == Item.id)
                   .where(Item.account_id == account_id)).all()
    found: dict[str, list[str]] = {}
    for name, file_name in rows:
        found.setdefault(name, []).append(file_name)
    return {name: sorted(names) for name, names in found.items()}


def test_the_page_reads_a_collection_zip_and_brings_its_photos(db):
    owner, other = make_account(db), make_account(db)
    db.commit()
    imports.keep_import_file(owner.id, ZIP.read_bytes(), "homebox-export.zip")
    view = imports.import_preview(owner.id)
    assert not view.needs_mapping and view.format == "homebox"
    assert (view.preview.will_add, view.preview.places, view.preview.files, view.preview.refused) == (5, 2, 3, [])
    outcome = imports.commit_import(owner.id, actor="Olga")
    assert (outcome.added, outcome.refused) == (5, 0)
    assert _photos(db, owner.id) == {"Drill": ["drill-front.jpg", "drill-side.jpg"]}
    assert imports.pending_import(owner.id) is None and _photos(db, other.id) == {}


def test_a_zip_larger_than_the_page_takes_is_refused_before_it_is_kept(db):
    owner = make_account(db)
    db.commit()
    too_big = b"PK\x03\x04" + b"\0" * imports.MAX_COLLECTION_BYTES
    try:
        imports.keep_import_file(owner.id, too_big, "stor-samling.zip")
    except ValidationFailed as failed:
        assert failed.errors == {"file": "import.too_big"}
    else:
        raise AssertionError("a zip over the page's limit was kept")
    assert imports.pending_import(owner.id) is None


def test_the_operators_command_moves_a_collection_in(db, capsys):
    owner = make_account(db, email="samling@example.se")
    db.commit()
    assert main(["import-csv", "--account", owner.email, str(ZIP)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 5, updated 0, refused 0"
    assert _photos(db, owner.id) == {"Drill": ["drill-front.jpg", "drill-side.jpg"]}
