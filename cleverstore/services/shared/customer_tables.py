"""Which tables hold a customer's data, found from the metadata rather than listed by hand.

Any table with an `account_id` column belongs to one customer, so a table added
later is covered by the export and the erasure without anyone remembering to.
Tables whose rows are kept for the accounting law (7 years) register a
pseudonymiser in RETAINED; they are then rewritten instead of deleted.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table
from sqlmodel import Session, SQLModel

import cleverstore.models  # noqa: F401  (registers every table)

# Columns never exported: secrets (hashes of tokens, passwords, TOTP seeds).
SECRET_COLUMNS = frozenset({
    "password_hash", "token_hash", "ticket_hash", "cookie_hash", "agent_hash", "code_hash", "secret", "key_hash",
})

# Tables that hold only credentials or delivery plumbing: erased, but not part of the export.
NOT_EXPORTED = {
    "authsession": "login sessions (security records; listed under devices)",
    "loginticket": "one-minute login tickets",
    "emailtoken": "e-mailed link tokens",
    "recoverycode": "hashed two-factor recovery codes",
    "twofactor": "the two-factor secret",
    "claimantsession": "an heir's login tokens",
    "claimdocument": "an heir's documents (the heir's own data, kept in the sensitive store)",
    "customerjob": "when the customer's reports, exports and imports ran (the rate limits; kept a day)",
}

# Tables without account_id whose rows belong to a customer through a parent row (table -> parent).
# The export joins them to the parent (data_export.CHILD_EXPORTS); the erasure removes them with
# the parent (foreign key ON DELETE CASCADE).
CHILD_TABLES = {
    "itemfieldvalue": "item",
    "itemtag": "item",
}

# table name -> function(db, account_id, subject_hash) that pseudonymises that table's rows for one account.
RETAINED: dict[str, Callable[[Session, int, str], None]] = {}


def account_tables() -> list[Table]:
    """Tables with an account_id column, children before parents (safe delete order)."""
    tables = [t for t in SQLModel.metadata.sorted_tables if "account_id" in t.c]
    return list(reversed(tables))


def child_tables() -> list[Table]:
    """Tables without account_id that point at a customer table: their rows are that customer's too."""
    owned = {t.name for t in account_tables()}
    return [t for t in SQLModel.metadata.sorted_tables
            if "account_id" not in t.c and any(fk.column.table.name in owned for fk in t.foreign_keys)]


def exported_tables() -> list[Table]:
    return [t for t in account_tables() if t.name not in NOT_EXPORTED]
