"""Row-level security on PostgreSQL: with a tenant declared, other customers' rows are out of reach
even for a query that forgot its account filter."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cleverstore.db import TENANT_ROLE, get_engine, session_scope, tenant_scope
from cleverstore.services.register import items
from tests.helpers.databases import postgres_base_url
from tests.helpers.factories import make_account, make_item

pytestmark = pytest.mark.skipif(
    postgres_base_url() is None,
    reason="row-level security exists only on PostgreSQL (set CLEVERSTORE_TEST_DATABASE_URL; CI runs the suite there)",
)


@pytest.fixture()
def two_customers(db_url):
    with session_scope() as db:
        anna = make_account(db, email="anna@example.se")
        bo = make_account(db, email="bo@example.se")
        for name in ("Cykel", "Soffa"):
            make_item(db, anna, name=name)
        make_item(db, bo, name="Bos gitarr")
        return anna.id, bo.id


def _item_owners(db) -> list[int]:
    return sorted(db.execute(text("SELECT account_id FROM item")).scalars())


def test_a_declared_tenant_reads_only_its_own_rows(two_customers):
    anna, bo = two_customers
    with tenant_scope(anna) as db:
        assert _item_owners(db) == [anna, anna]
        assert db.execute(text("SELECT count(*) FROM item WHERE account_id = :bo"), {"bo": bo}).scalar() == 0
    with tenant_scope(bo) as db:
        assert [row.name for row in db.execute(text("SELECT name FROM item"))] == ["Bos gitarr"]


def test_a_declared_tenant_cannot_insert_rows_for_another_customer(two_customers):
    anna, bo = two_customers
    with pytest.raises(DBAPIError, match="row-level security"):
        with tenant_scope(anna) as db:
            items.create_item(db, bo, {"name": "Planterad", "quantity": "1"})
    with session_scope() as db:
        assert db.execute(text("SELECT count(*) FROM item WHERE name = 'Planterad'")).scalar() == 0


def test_updates_and_deletes_of_another_customers_rows_touch_nothing(two_customers):
    anna, bo = two_customers
    with tenant_scope(anna) as db:
        assert db.execute(text("UPDATE item SET name = 'Stulen' WHERE account_id = :bo"), {"bo": bo}).rowcount == 0
        assert db.execute(text("DELETE FROM item WHERE account_id = :bo"), {"bo": bo}).rowcount == 0
        assert db.execute(text("UPDATE item SET quantity = 2")).rowcount == 2  # its own two objects only
    with pytest.raises(DBAPIError, match="row-level security"):
        with tenant_scope(anna) as db:  # nor may it hand its own row over to someone else
            db.execute(text("UPDATE item SET account_id = :bo"), {"bo": bo})
    with session_scope() as db:
        assert db.execute(text("SELECT name FROM item WHERE account_id = :bo"), {"bo": bo}).scalars().all() == [
            "Bos gitarr"]


def test_the_tenant_is_declared_again_after_a_commit_inside_the_scope(two_customers):
    anna, _bo = two_customers
    with tenant_scope(anna) as db:
        db.commit()
        assert _item_owners(db) == [anna, anna]


def test_unscoped_work_sees_every_customer_and_no_declaration_outlives_its_transaction(two_customers):
    anna, bo = two_customers
    for _ in range(get_engine().pool.size() + 1):  # every pooled connection has served a tenant by now
        with tenant_scope(anna) as db:
            _item_owners(db)
    with session_scope() as db:
        assert _item_owners(db) == [anna, anna, bo]
        assert db.execute(text("SELECT current_user")).scalar() != TENANT_ROLE
        assert db.execute(text("SELECT current_setting('cleverstore.account_id', true)")).scalar() in (None, "")


def test_every_table_with_an_account_id_has_forced_row_level_security(db_url):
    """A table added later with an account_id column fails here until its migration secures it."""
    with session_scope() as db:
        rows = db.execute(text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
            " EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid) AS has_policy"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'account_id' AND NOT a.attisdropped"
            " WHERE n.nspname = current_schema() AND c.relkind = 'r'")).all()
        tables = {row.relname for row in rows}
        unsecured = sorted(row.relname for row in rows if not (row.relrowsecurity and row.relforcerowsecurity
                                                                 and row.has_policy))
        all_tables = db.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars().all()
        ungranted = sorted(name for name in all_tables if not db.execute(
            text("SELECT has_table_privilege(:role, quote_ident(:t), 'SELECT, INSERT, UPDATE, DELETE')"),
            {"role": TENANT_ROLE, "t": name}).scalar() and name != "alembic_version")
    assert {"item", "location", "category", "itemfile", "authsession", "billingaccount"} <= tables
    assert unsecured == []
    assert ungranted == []


def test_the_tenant_role_cannot_step_around_the_policies(db_url):
    with session_scope() as db:
        role = db.execute(text("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = :r"),
                          {"r": TENANT_ROLE}).one()
    assert tuple(role) == (False, False, False)


def test_a_tenant_scope_needs_a_real_account_id(db_url):
    for wrong in (0, -1, None, "1", True):
        with pytest.raises(ValueError):
            with tenant_scope(wrong):
                pass
