"""The register's use cases (actions), called as states and routes call them: by account id, each in its own unit of work."""
import pytest
from sqlmodel import select

from cleverstore.models import ActivityEvent
from cleverstore.services import imports, register
from cleverstore.services.register import files, items
from cleverstore.services.shared import NotFound, ValidationFailed
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import png_bytes


@pytest.fixture()
def two(db):
    owner, other = make_account(db, name="Olga"), make_account(db, name="Ivar")
    db.commit()
    return owner, other


def test_the_list_reuses_known_counts_and_reads_menus_only_when_asked(db, two):
    owner, other = two
    for number in range(30):
        make_item(db, owner, name=f"Sak {number:02d}", category="Verktyg", purchase_price="10")
    db.commit()
    query = register.ItemQuery.from_untrusted(search="sak", page=2)
    listing = register.list_register(owner.id, query, with_options=True)
    assert listing.page.matching == 30 and listing.page.page == 2 and len(listing.page.rows) == 5
    assert listing.options.categories[0][1] == "Verktyg" and listing.page.totals.purchase_ore == 30_000
    again = register.list_register(owner.id, query, known=(99, register.Totals(1, 2, 3, 4)))
    assert again.options is None and again.page.matching == 99 and again.page.totals.objects == 1
    assert query.counts_key() == register.ItemQuery.from_untrusted(search="sak", sort="-name").counts_key()
    assert register.list_register(other.id, query).page.matching == 0
    assert len(register.matching_item_ids(owner.id, query)) == 30 and register.matching_item_ids(other.id, query) == []


def test_bulk_actions_drop_foreign_ids(db, two):
    owner, other = two
    mine, theirs = make_item(db, owner, name="Min"), make_item(db, other, name="Deras")
    db.commit()
    assert register.set_items_status(owner.id, [mine.id, theirs.id], "lost", actor="Olga").count == 1
    with pytest.raises(ValidationFailed):
        register.set_items_status(owner.id, [mine.id], "sold")
    with pytest.raises(ValidationFailed):
        register.tag_items(owner.id, [mine.id], "a, b")
    assert register.delete_items(owner.id, [theirs.id]).count == 0
    db.expire_all()
    assert items.get_item(db, other.id, theirs.id).status == "in_use"


def test_open_save_and_delete_an_object(db, two):
    owner, other = two
    saved_id = register.save_item(owner.id, "", {"name": "Cykel", "location": "Hus › Garage", "purchase_price": "1500"},
                                  actor="Olga")
    screen = register.open_item(owner.id, str(saved_id), lang="sv")
    assert screen.options.locations == ("Hus", "Hus › Garage")
    assert screen.item.values["purchase_price"] == "1500,00" and screen.item.values["location"] == "Hus › Garage"
    assert screen.item.view.item.name == "Cykel" and [c.field_name for c in screen.item.changes] == ["created"]
    assert register.open_item(other.id, str(saved_id), lang="sv").item is None
    assert register.open_item(owner.id, "abc", lang="sv").item is None
    with pytest.raises(NotFound):
        register.save_item(other.id, str(saved_id), {"name": "Stulen"})
    with pytest.raises(ValidationFailed):
        register.save_item(owner.id, str(saved_id), {"name": ""})
    with pytest.raises(NotFound):
        register.delete_item(other.id, saved_id)
    register.delete_item(owner.id, saved_id)
    with pytest.raises(NotFound):
        register.item_files(owner.id, saved_id)
    assert register.new_item_values() == {"quantity": "1", "status": "in_use"}


def test_files_attach_main_remove_and_read_only_for_their_registers(db, two):
    owner, other = two
    item = make_item(db, owner, name="Klocka")
    db.commit()
    first = register.attach_file(owner.id, item.id, "photo", png_bytes(), "a.png", actor="Olga")
    second = register.attach_file(owner.id, item.id, "photo", png_bytes(), "b.png", actor="Olga")
    with pytest.raises(NotFound):
        register.attach_file(other.id, item.id, "photo", png_bytes(), "c.png")
    with pytest.raises(register.RejectedFile):
        register.attach_file(owner.id, item.id, "nonsense", png_bytes(), "c.png")
    with pytest.raises(NotFound):
        register.set_main_file(other.id, second)
    register.set_main_file(owner.id, second)
    shown = register.item_files(owner.id, item.id)
    assert [(f.original_name, f.is_main) for f in shown.files] == [("b.png", True), ("a.png", False)]
    assert isinstance(shown.files[0], register.FileInfo) and shown.view.main_photo_id == second
    with pytest.raises(NotFound):
        register.read_owned_file((other.id,), str(first), thumbnail=False)
    assert register.read_owned_file((other.id, owner.id), str(first), thumbnail=True).content_type == "image/jpeg"
    register.remove_file(owner.id, first, actor="Olga")
    assert [f.id for f in files.files_of(db, owner.id, item.id)] == [second]
    assert register.file_display_name("C:\\mapp\\kvitto.pdf") == "kvitto.pdf"


def test_catalogue_and_dashboard(db, two):
    owner, other = two
    register.save_category(owner.id, {"name": "Konst", "useful_life_years": "50"})
    register.save_location(owner.id, {"name": "Salong"})
    room = register.load_catalogue(owner.id).locations[0]
    register.save_location(owner.id, {"name": "Skåp", "parent_id": str(room.id)})
    register.save_custom_field(owner.id, {"name": "Konstnär", "kind": "text"})
    shown = register.load_catalogue(owner.id)
    assert [(c.name, c.useful_life_years) for c in shown.categories] == [("Konst", 50)]
    assert [n.path for n in shown.locations] == ["Salong", "Salong › Skåp"] and shown.fields[0].key.startswith("cf_")
    with pytest.raises(NotFound):
        register.delete_location(other.id, room.id)
    with pytest.raises(ValidationFailed):
        register.save_category(owner.id, {"name": "konst"})
    register.delete_custom_field(owner.id, shown.fields[0].id)
    assert register.load_catalogue(owner.id).fields == () and register.load_catalogue(other.id).categories == ()
    make_item(db, owner, name="Tavla", category="Konst", location="Salong › Skåp", purchase_price="100")
    db.commit()
    board = register.dashboard_figures(owner.id, none_label="Ingen")
    assert board.totals.objects == 1 and [(g.label, g.objects) for g in board.by_location] == [("Salong", 1)]
    assert register.dashboard_figures(other.id).totals.objects == 0


def test_csv_export_in_either_separator_is_noted(db, two):
    """The CSV import and export moved to services/imports (tests/imports/test_import_actions_*.py,
    test_export_*.py); an unknown separator still gives the comma file, and the export is noted."""
    owner, _other = two
    make_item(db, owner, name="A")
    db.commit()

    def exported(**options) -> str:
        return b"".join(imports.export_register_csv(owner.id, **options)).decode("utf-8-sig")

    tabbed = exported(separator="\t", lang="sv")
    assert tabbed.splitlines()[0].startswith("Namn,Kategori,") and "\r\nA," in tabbed
    assert exported(separator=";", lang="en").startswith("Name;Category;")
    kinds = db.exec(select(ActivityEvent.kind).where(ActivityEvent.account_id == owner.id)).all()
    assert "register_exported" in kinds
