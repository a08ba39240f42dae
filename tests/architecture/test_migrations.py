"""Migrations: from empty to head, down and up again, and no drift from the models."""

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from alembic import command
from cleverstore.config import PROJECT_ROOT, reset_settings
from tests.helpers.databases import fresh_database_url


@pytest.fixture()
def migration_db(data_dir, monkeypatch):
    url = fresh_database_url("migrations", data_dir)
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings()
    yield url
    monkeypatch.undo()
    reset_settings()


def _config() -> Config:
    return Config(str(PROJECT_ROOT / "alembic.ini"))


def test_upgrade_from_empty_creates_every_table(migration_db):
    command.upgrade(_config(), "head")
    engine = create_engine(migration_db)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {table.name for table in SQLModel.metadata.sorted_tables} <= tables


def test_every_revision_upgrades_from_the_previous_one(migration_db):
    config = _config()
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    for revision in revisions:
        command.upgrade(config, revision.revision)
    for revision in reversed(revisions):
        command.downgrade(config, revision.down_revision or "base")
    command.upgrade(config, "head")


def test_models_and_migrations_agree(migration_db):
    command.upgrade(_config(), "head")
    command.check(_config())  # raises when autogenerate would find a difference


def test_security_and_privacy_revision_keeps_existing_accounts_sessions_and_mail(migration_db):
    """Upgrading a database with customers keeps them; new columns start empty (unverified, no consent)."""
    from sqlalchemy import text

    command.upgrade(_config(), "464de4135518")
    engine = create_engine(migration_db)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO account (id, kind, name, email, password_hash, phone, street, postal_code, city, language,"
            " terms_version, terms_accepted_at, created_at, updated_at) VALUES (7, 'private', 'Äldre Kund',"
            " 'aldre@example.se', 'x', '+46701234567', 'Gatan 1', '11122', 'Stockholm', 'sv', '1',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
        conn.execute(text(
            "INSERT INTO authsession (account_id, token_hash, created_at, last_seen_at, expires_at, ip_prefix)"
            " VALUES (7, 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-02 00:00:00', '')"))
        conn.execute(text(
            "INSERT INTO outgoingmail (account_id, to_address, subject, body, kind, created_at, attempts, last_error)"
            " VALUES (7, 'aldre@example.se', 'S', 'B', 'test', '2026-01-01 00:00:00', 0, '')"))
    command.upgrade(_config(), "head")
    with engine.connect() as conn:
        account = conn.execute(text("SELECT name, email_verified_at, marketing_consent_at FROM account")).one()
        activated = conn.execute(text("SELECT activated_at FROM account")).scalar_one()
        session = conn.execute(text("SELECT account_id, device_id FROM authsession")).one()
        mail = conn.execute(text("SELECT to_address, next_attempt_at FROM outgoingmail")).one()
    engine.dispose()
    assert tuple(account) == ("Äldre Kund", None, None)
    assert str(activated).startswith("2026-01-01")  # an existing account may still log in
    assert tuple(session) == (7, None)
    assert tuple(mail) == ("aldre@example.se", None)


def test_free_text_categories_and_locations_become_rows_and_survive_the_round_trip(migration_db):
    """The register's upgrade keeps every object and turns its category/location strings into rows."""
    from sqlalchemy import text

    config = _config()
    command.upgrade(config, "464de4135518")
    engine = create_engine(migration_db)
    account = ("INSERT INTO account (kind, name, email, password_hash, phone, street, postal_code, city, language, "
               "terms_version, terms_accepted_at, created_at, updated_at) VALUES ('private', :name, :email, 'x', "
               "'+46701234567', 'Gatan 1', '11122', 'Stockholm', 'sv', '2026-01', :now, :now, :now)")
    item = ("INSERT INTO item (account_id, name, description, category, location, quantity, manufacturer, model, "
            "serial_number, notes, status, created_at, updated_at, purchase_price_ore) VALUES (:account, :name, '', "
            ":category, :location, 1, '', '', '', '', 'in_use', :now, :now, 100)")
    now = "2026-12-01 10:00:00"
    with engine.begin() as conn:
        for number in (1, 2):
            conn.execute(text(account), {"name": f"Kund {number}", "email": f"k{number}@example.se", "now": now})
        ids = [row[0] for row in conn.execute(text("SELECT id FROM account ORDER BY id"))]
        for account_id, name, category, location in ((ids[0], "Soffa", "Möbler", "Vardagsrum"),
                                                     (ids[0], "Stol", "Möbler", ""),
                                                     (ids[1], "Bord", "Möbler", "Vardagsrum"),
                                                     (ids[1], "Lampa", "", "")):
            conn.execute(text(item), {"account": account_id, "name": name, "category": category,
                                      "location": location, "now": now})
    command.upgrade(config, "head")
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT i.name, i.account_id, c.name, c.account_id, l.name, l.account_id, i.purchase_price_ore "
            "FROM item i LEFT JOIN category c ON c.id = i.category_id LEFT JOIN location l ON l.id = i.location_id "
            "ORDER BY i.id")).all()
        categories = conn.execute(text("SELECT count(*) FROM category")).scalar_one()
        searched = conn.execute(text("SELECT search_text FROM item ORDER BY id")).scalars().all()
    assert [(r[0], r[2], r[4], r[6]) for r in rows] == [("Soffa", "Möbler", "Vardagsrum", 100),
                                                        ("Stol", "Möbler", None, 100),
                                                        ("Bord", "Möbler", "Vardagsrum", 100),
                                                        ("Lampa", None, None, 100)]
    assert all(r[3] in (None, r[1]) and r[5] in (None, r[1]) for r in rows)  # each account its own rows
    assert categories == 2
    assert searched[0].startswith("soffa\n")  # the search column is filled for existing objects
    command.downgrade(config, "464de4135518")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT name, category, location FROM item ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in back] == [("Soffa", "Möbler", "Vardagsrum"), ("Stol", "Möbler", ""),
                                        ("Bord", "Möbler", "Vardagsrum"), ("Lampa", "", "")]
