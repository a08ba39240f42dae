"""Gather what a register report shows, straight from the database, streaming the objects."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import Account, Item
from cleverstore.models.inventory import STATUSES_OUTSIDE_TOTALS
from cleverstore.reports.model import GroupTotal, Owner, RegisterReport, ReportObject, Totals
from cleverstore.services.inventory import ItemQuery, filtered

STREAM_BATCH = 1000


def owner_of(account: Account) -> Owner:
    return Owner(
        name=account.name,
        address_lines=(account.street, f"{account.postal_code} {account.city}"),
        customer_number=account.customer_number or "",
        org_number=account.org_number or "",
    )


def _value_columns():
    return (
        func.count(Item.id),
        func.coalesce(func.sum(Item.purchase_price_ore * Item.quantity), 0),
        func.coalesce(func.sum(Item.current_value_ore * Item.quantity), 0),
    )


def _group_totals(db: Session, account_id: int, query: ItemQuery, column) -> list[GroupTotal]:
    statement = filtered(select(column, *_value_columns()), account_id, query).where(
        Item.status.not_in(STATUSES_OUTSIDE_TOTALS)).group_by(column).order_by(column)
    return [GroupTotal(label or "", Totals(int(n), int(purchase), 0, int(current)))
            for label, n, purchase, current in db.exec(statement).all()]


def _objects(db: Session, account_id: int, query: ItemQuery, lang: str) -> Iterator[ReportObject]:
    statement = filtered(select(Item), account_id, query).order_by(Item.location, Item.name, Item.id)
    for item in db.exec(statement.execution_options(yield_per=STREAM_BATCH)):
        yield ReportObject(
            name=item.name, location=item.location, category=item.category, manufacturer=item.manufacturer,
            model=item.model, serial_number=item.serial_number, purchase_date=item.purchase_date,
            purchase_price_ore=item.purchase_price_ore, replacement_ore=None, current_ore=item.current_value_ore,
            warranty_end=item.warranty_end, status_label=translate(f"status.{item.status}", lang),
            quantity=item.quantity,
        )


def filter_text(query: ItemQuery, lang: str) -> str:
    parts = []
    if query.location:
        parts.append(f"{translate('field.location', lang)}: {query.location}")
    if query.category:
        parts.append(f"{translate('field.category', lang)}: {query.category}")
    if query.status:
        parts.append(f"{translate('field.status', lang)}: {translate('status.' + query.status, lang)}")
    if query.search:
        parts.append(f"{translate('register.search', lang)}: {query.search}")
    return " · ".join(parts)


def register_report(db: Session, account_id: int, query: ItemQuery, *, report_id: str, created: datetime,
                    lang: str) -> RegisterReport:
    """Totals and groups are read at once; the objects are read lazily while the PDF is drawn."""
    account = db.get(Account, account_id)
    totals_row = db.exec(filtered(select(*_value_columns()), account_id, query)
                         .where(Item.status.not_in(STATUSES_OUTSIDE_TOTALS))).one()
    per_location = db.exec(filtered(select(Item.location, func.count(Item.id)), account_id, query)
                           .group_by(Item.location).order_by(Item.location)).all()
    return RegisterReport(
        report_id=report_id, created=created, lang=lang, owner=owner_of(account), filter_text=filter_text(query, lang),
        totals=Totals(int(totals_row[0]), int(totals_row[1]), 0, int(totals_row[2])),
        by_location=_group_totals(db, account_id, query, Item.location),
        by_category=_group_totals(db, account_id, query, Item.category),
        objects_per_location=[(label or "", int(n)) for label, n in per_location],
        objects=_objects(db, account_id, query, lang),
    )
