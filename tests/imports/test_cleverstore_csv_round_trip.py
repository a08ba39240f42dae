"""Homebox → CleverStore → our CSV → a new customer gives the same register; ids never reach another customer."""
from cleverstore.services.imports import engine, export, formats
from cleverstore.services.imports.reader import read_table
from tests.helpers.factories import make_account, make_item
from tests.imports.helpers import items_of, run_file

KEPT = ("name", "quantity", "status", "manufacturer", "model", "serial_number", "purchase_date",
        "purchase_price_ore", "sold_date", "sold_price_ore", "sold_to", "warranty_end", "insured", "notes",
        "description")
NEW = ("asset_id", "url", "lifetime_warranty")


def _register(db, account_id, kept=KEPT):
    return {name: tuple(getattr(item, c) for c in kept) for name, item in items_of(db, account_id).items()}


def _import_csv(db, account_id, data: bytes):
    table = read_table(data, "register.csv")
    return engine.run(db, account_id, table, formats.detect(table.headers), skip_refused=False, actor="t")


def test_homebox_to_us_to_csv_to_a_new_customer_is_the_same_register(db):
    first, second = make_account(db), make_account(db)
    run_file(db, first.id, "homebox/release-v0.26.2.csv")
    data = export.export_bytes(db, first.id)
    assert formats.detect(read_table(data, "x.csv").headers).key == "cleverstore"
    assert _import_csv(db, second.id, data).added == 3
    assert _register(db, second.id) == _register(db, first.id)


def test_the_new_fields_and_the_id_column_survive_the_round_trip(db):
    first, second = make_account(db), make_account(db)
    run_file(db, first.id, "homebox/release-v0.26.2.csv")
    data = export.export_bytes(db, first.id)
    _import_csv(db, second.id, data)
    assert _register(db, second.id, NEW) == _register(db, first.id, NEW)
    assert _import_csv(db, second.id, data).added == 0  # the id column: a second import updates


def test_a_crafted_id_of_another_customer_adds_a_new_object_and_leaves_theirs_alone(db):
    victim, attacker = make_account(db), make_account(db)
    theirs = make_item(db, victim, name="Klocka", purchase_price="9000")
    data = f"name,purchase_price,id\nMin klocka,1,cs-{theirs.id}\n".encode()
    result = _import_csv(db, attacker.id, data)
    assert (result.added, result.updated) == (1, 0)
    db.refresh(theirs)
    assert theirs.name == "Klocka" and theirs.purchase_price_ore == 900_000
    mine = make_item(db, attacker, name="Lampa")
    result = _import_csv(db, attacker.id, f"Namn,Status,id\nLampa ny,Kasserad,cs-{mine.id}\n".encode())
    assert (result.added, result.updated) == (0, 1)  # our own id in the customer's own register updates it
    db.refresh(mine)
    assert (mine.name, mine.status) == ("Lampa ny", "discarded")
