"""What `python -m cleverstore import-csv` and `export-csv` do: an operator moves a customer in (SuperPro
customers are often moved in by us) or takes their register out, from the command line.

The customer is found by e-mail (a company register by its own address). The import goes through the same
reader, formats and engine as the import page, in one customer-scoped unit of work; every use — a dry run,
an import, an export, and a refused attempt — is written to the admin audit log with the operator's name, and
every use that reads or changes the register to the customer's activity log, so the customer sees it too.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from sqlalchemy import func
from sqlmodel import select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Account, Item
from cleverstore.services.imports import archive, engine, export, formats, mapping
from cleverstore.services.imports.engine import RefusedRow
from cleverstore.services.imports.formats import Format
from cleverstore.services.imports.reader import Table, read_table
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.job_limits import job_slot
from cleverstore.services.shared.validation import FieldError, clean_email

AUTO = "auto"
FORMAT_CHOICES = (AUTO, *formats.KNOWN)
OPERATOR_DETAIL = "CleverStore"  # how the customer's activity log names us


class UnknownAccount(LookupError):
    """No customer has that address."""


@dataclass(frozen=True)
class Customer:
    account_id: int
    email: str
    language: str


@dataclass
class OperatorImport:
    format: str
    rows: int
    dry_run: bool
    will_add: int = 0
    will_update: int = 0
    places: int = 0
    added: int = 0
    updated: int = 0
    refused: list[RefusedRow] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    nothing_saved: bool = False      # all or nothing, and some row was refused


def actor_name(operator: str) -> str:
    """How an object's history names the operator: "CleverStore (anna)"."""
    return f"{OPERATOR_DETAIL} ({(operator or 'operator')[:60]})"


def find_customer(email: str) -> Customer:
    try:
        cleaned = clean_email(email)
    except FieldError:
        raise UnknownAccount(email) from None
    with session_scope() as db:
        account = db.exec(select(Account).where(Account.email == cleaned)).first()
        if account is None:
            raise UnknownAccount(email)
        return Customer(account.id, account.email, account.language or "sv")


def _format(db, account_id: int, table: Table, format_key: str) -> Format:
    """The chosen format; with "auto" the one the header shows, else the mapping the customer kept for this
    header on the import page. An unknown header is refused: an operator does not guess columns."""
    if format_key != AUTO:
        return formats.by_key(format_key)
    found = formats.detect(table.headers)
    if found is not None:
        return found
    kept = mapping.kept(db, account_id, table.headers)
    if kept is None:
        raise ValidationFailed({"file": "import.unknown_format"})
    return formats.mapped.build(kept)


def _counts(result: OperatorImport) -> str:
    if result.dry_run:
        return f"+{result.will_add} ~{result.will_update} -{len(result.refused)}"
    return f"+{result.added} ~{result.updated} -{len(result.refused)}"


def _refused_attempt(customer: Customer, operator: str, action: str, reason: str) -> None:
    with session_scope() as db:
        audit.record(db, None, action, "account", customer.account_id, f"{operator}: {reason}")


def import_file(email: str, data: bytes, filename: str, *, operator: str, format_key: str = AUTO,
                dry_run: bool = False, all_or_nothing: bool = False, today: date | None = None,
                progress: Callable[[int, int], None] | None = None) -> OperatorImport:
    """Check (dry run) or import an operator's file into the customer's register. UnknownAccount for an
    address nobody has; ValidationFailed({"file" | "job": key}) when the file cannot be read or used — then
    nothing is saved, and the attempt is in the audit log."""
    customer = find_customer(email)
    action = "operator_import_checked" if dry_run else "operator_import"
    try:
        collection = archive.read(data) if filename.lower().endswith(".zip") else None  # a Homebox collection
        table = collection.table if collection is not None else read_table(data, filename)
        with job_slot(customer.account_id, "import"), tenant_scope(customer.account_id) as db:
            fmt = archive.FORMAT if collection is not None else _format(db, customer.account_id, table, format_key)
            checked = engine.preview(db, customer.account_id, table, fmt, today=today)
            result = OperatorImport(fmt.key, len(table.rows), dry_run, checked.will_add, checked.will_update,
                                    checked.places, refused=checked.refused, warnings=checked.warnings,
                                    ignored_columns=checked.ignored_columns)
            if dry_run:
                activity.record(db, customer.account_id, "register_import_checked",
                                f"{OPERATOR_DETAIL}: {fmt.key} {_counts(result)}")
            elif all_or_nothing and checked.refused:
                result.nothing_saved = True
            else:
                attach = (archive.attacher(db, customer.account_id, collection, actor=actor_name(operator))
                          if collection is not None else None)
                done = engine.run(db, customer.account_id, table, fmt, skip_refused=True,
                                  actor=actor_name(operator), progress=progress, today=today, attach=attach)
                result.added, result.updated = done.added, done.updated
            outcome = "nothing saved, rows refused" if result.nothing_saved else _counts(result)
            audit.record(db, None, action, "account", customer.account_id,
                         f"{operator}: {filename[-200:]} ({fmt.key}) {outcome}")
            return result
    except ValidationFailed as refused:
        _refused_attempt(customer, operator, action + "_refused",
                         f"{filename[-200:]}: {', '.join(refused.errors.values())}")
        raise


def export_file(email: str, target: IO[bytes], *, operator: str, separator: str = ",", lang: str | None = None,
                today: date | None = None) -> int:
    """Write the customer's register as our CSV (in their language unless `lang`) to `target`; returns how
    many objects it holds. ValidationFailed({"job": …}) when the customer's job limit refuses it."""
    customer = find_customer(email)
    lang = lang or customer.language
    with job_slot(customer.account_id, "export"), tenant_scope(customer.account_id) as db:
        for piece in export.csv_chunks(db, customer.account_id, separator=separator, lang=lang, today=today):
            target.write(piece)
        count = db.exec(select(func.count(Item.id)).where(Item.account_id == customer.account_id)).one()
        activity.record(db, customer.account_id, "register_exported", f"CSV ({OPERATOR_DETAIL})")
        audit.record(db, None, "operator_export", "account", customer.account_id,
                     f"{operator}: {count} objects, {lang}, '{separator}'")
        return count
