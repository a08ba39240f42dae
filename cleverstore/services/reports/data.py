"""Gather what a register report shows, straight from the database, streaming the objects.

Objects come location by location in the order of the location tree's paths
("Hus › Kök" before "Hus › Sovrum"), then those without a place; each object
reads its main photo's thumbnail only when it is drawn, so memory stays flat.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import case, func, true
from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import Account, Category, InsurancePolicy, Item, ItemFile
from cleverstore.models.register import FileKind
from cleverstore.services.insurance import coverage
from cleverstore.services.insurance.coverage import theft_limit
from cleverstore.services.register import catalogue, items, reinventory
from cleverstore.services.register.items import ItemQuery, filtered, value_columns
from cleverstore.services.register.valuation import estimated_value
from cleverstore.services.reports import file_list
from cleverstore.services.reports.pdf.model import (
    GroupTotal,
    Owner,
    RegisterReport,
    ReportObject,
    Totals,
)
from cleverstore.services.shared import format_ore, worth
from cleverstore.storage.files import get_store

STREAM_BATCH = 1000


def owner_of(account: Account) -> Owner:
    return Owner(
        name=account.name,
        address_lines=(account.street, f"{account.postal_code} {account.city}"),
        customer_number=account.customer_number or "",
        org_number=account.org_number or "",
    )


def _summary(db: Session, account_id: int, query: ItemQuery, today: date):
    """The whole selection read once, grouped by place and category: (totals, owned sums per place, owned sums
    per category name, listed objects per place). At 100 000 objects each pass over the register costs a
    noticeable part of a second, so the cover's figures come from one."""
    sums = value_columns(db, today)  # count, purchase, replacement, current (owned), not counted
    listed = func.coalesce(func.sum(case((_listed_condition(query), 1), else_=0)), 0)
    statement = (select(Item.location_id, Category.name, *sums, listed).select_from(Item)
                 .outerjoin(Category, Category.id == Item.category_id).group_by(Item.location_id, Category.name))
    totals = worth.Worth()
    by_location: dict[int | None, list[int]] = {}
    by_category: dict[str | None, list[int]] = {}
    counts: dict[int | None, int] = {}
    for location_id, category, *values in db.exec(filtered(db, statement, account_id, query)).all():
        values = [int(value or 0) for value in values]
        totals = worth.Worth(*(a + b for a, b in zip(vars(totals).values(), values[:5])))
        if values[5]:
            counts[location_id] = counts.get(location_id, 0) + values[5]
        if values[0]:  # owned objects: the groups leave sold and discarded ones out
            for summed, key in ((by_location, location_id), (by_category, category)):
                summed[key] = [a + b for a, b in zip(summed.get(key, [0, 0, 0, 0]), values[:4])]
    return (Totals(**vars(totals)), {key: Totals(*values) for key, values in by_location.items()},
            {key: Totals(*values) for key, values in by_category.items()}, counts)


def _by_category(groups: dict) -> list[GroupTotal]:
    return [GroupTotal(name or "", totals) for name, totals in sorted(groups.items(), key=lambda kv: kv[0] or "\uffff")]


def _listed_condition(query: ItemQuery):
    """SQL: the object is listed (see `_listed`)."""
    return true() if query.status and not worth.is_owned(query.status) else worth.owned()


def _listed(statement, query: ItemQuery):
    """The objects a report lists: the owned ones, as its totals count them; sold or discarded ones only when the
    selection asks for that status (the cover then says they are not counted)."""
    return statement.where(_listed_condition(query))


def _location_order(paths: dict[int, str], location_ids) -> list[int | None]:
    """Locations in path order; objects without a place come last."""
    known = sorted((lid for lid in location_ids if lid is not None), key=lambda lid: paths.get(lid, ""))
    return known + ([None] if None in location_ids else [])


def _main_thumbnails(db: Session, account_id: int) -> dict[int, str]:
    """item id → stored name of its main photo's thumbnail: names only, one query (the bytes come later)."""
    rows = db.exec(select(ItemFile.item_id, ItemFile.thumb_name).where(
        ItemFile.account_id == account_id, ItemFile.kind == FileKind.PHOTO.value, ItemFile.is_main,
        ItemFile.thumb_name.is_not(None))).all()
    return dict(rows)


def _loader(name: str | None):
    """Reads the thumbnail's bytes only when the row is drawn."""
    return (lambda: get_store().get(name)) if name else None


_OBJECT_COLUMNS = (Item.id, Item.name, Item.manufacturer, Item.model, Item.serial_number, Item.purchase_date,
                   Item.purchase_price_ore, Item.replacement_value_ore, Item.current_value_ore, Item.warranty_end,
                   Item.status, Item.quantity, Item.last_checked_on)


def _objects(db: Session, account_id: int, query: ItemQuery, order: list[int | None], paths: dict[int, str],
             lang: str, today: date) -> Iterator[ReportObject]:
    thumbnails = _main_thumbnails(db, account_id)
    status_labels = {status: translate(f"status.{status}", lang) for status in items.STATUSES}
    for location_id in order:
        condition = Item.location_id.is_(None) if location_id is None else Item.location_id == location_id
        location = paths.get(location_id, "") if location_id else ""
        # plain columns, not Item objects: the ORM's per-row bookkeeping cost more than drawing the row
        statement = (filtered(db, select(*_OBJECT_COLUMNS, Category.name, Category.useful_life_years)
                              .outerjoin(Category, Category.id == Item.category_id), account_id, query)
                     .where(condition).order_by(Item.name, Item.id))
        statement = _listed(statement, query)
        for (item_id, name, manufacturer, model, serial, bought, price, replacement, current, warranty, status,
             quantity, checked, category, life) in db.connection().execute(statement.execution_options(yield_per=STREAM_BATCH)):
            yield ReportObject(
                name=name, location=location, category=category or "", manufacturer=manufacturer, model=model,
                serial_number=serial, purchase_date=bought, purchase_price_ore=price, replacement_ore=replacement,
                current_ore=estimated_value(price, current, bought, life, today), warranty_end=warranty,
                status_label=status_labels.get(status, status), quantity=quantity, last_checked_on=checked,
                thumbnail=_loader(thumbnails.get(item_id)),
            )


def filter_text(db: Session, account_id: int, query: ItemQuery, lang: str) -> str:
    parts = []
    if query.location_id:
        path = catalogue.location_paths(db, account_id).get(query.location_id, "")
        parts.append(f"{translate('field.location', lang)}: {path}")
    if query.category_id:
        names = {c.id: c.name for c in catalogue.categories(db, account_id)}
        parts.append(f"{translate('field.category', lang)}: {names.get(query.category_id, '')}")
    if query.status:
        parts.append(f"{translate('field.status', lang)}: {translate('status.' + query.status, lang)}")
    if query.search:
        parts.append(f"{translate('register.search', lang)}: {query.search}")
    return " · ".join(parts)


def policy_facts(policy: InsurancePolicy, lang: str) -> list[tuple[str, str]]:
    """What the cover of one policy's report says of it: company, number, kind and its sums."""
    money = lambda ore: format_ore(ore, lang)  # noqa: E731
    limit = theft_limit(policy)
    facts = [(translate("insurance.company", lang), policy.company),
             (translate("insurance.policy_number", lang), policy.policy_number),
             (translate("insurance.kind", lang), translate(f"insurance.kind.{policy.kind}", lang)),
             (translate("insurance.report_contents_sum", lang), money(policy.contents_sum_ore)),
             (translate("insurance.report_theft_limit", lang), money(limit) if limit is not None else ""),
             (translate("insurance.report_single_limit", lang), money(policy.single_item_limit_ore)),
             (translate("insurance.report_excess", lang), money(policy.excess_ore)),
             (translate("insurance.renews_on", lang), policy.renews_on.isoformat() if policy.renews_on else "")]
    return [(label, value) for label, value in facts if value]


def register_report(db: Session, account_id: int, query: ItemQuery, *, report_id: str, created: datetime,
                    lang: str, today: date | None = None, printed_for: str = "",
                    policy_id: object = None) -> RegisterReport:
    """Totals and groups are read at once; the objects are read lazily while the PDF is drawn. With a
    `policy_id`: only that policy's objects (its places', or those on its separate cover), the policy on
    the cover."""
    today = today or date.today()
    facts: list[tuple[str, str]] = []
    if policy_id:
        policy, ids = coverage.objects_of(db, account_id, policy_id)
        query = replace(query, item_ids=ids)
        facts = policy_facts(policy, lang)
    account = db.get(Account, account_id)
    paths = catalogue.location_paths(db, account_id)
    totals, by_location, by_category, counts = _summary(db, account_id, query, today)
    order = _location_order(paths, counts.keys())
    label = translate("report.no_location", lang)
    return RegisterReport(
        report_id=report_id, created=created, lang=lang, owner=owner_of(account),
        filter_text=(" · ".join(v for _l, v in facts[:2]) if facts else filter_text(db, account_id, query, lang)),
        totals=totals,
        by_location=[GroupTotal(paths.get(lid, "") if lid else label, by_location[lid])
                     for lid in order if lid in by_location],
        by_category=_by_category(by_category),
        objects_per_location=[(paths.get(lid, "") if lid else "", int(counts[lid])) for lid in order],
        objects=_objects(db, account_id, query, order, paths, lang, today),
        printed_for=printed_for,
        inventory_checked_on=reinventory.last_checked(db, account_id),
        files=file_list.for_query(db, account_id, query, lang, _listed),
        policy_facts=facts,
    )
