"""The insurance claim pack (e.g. after a burglary): a PDF of the chosen objects plus their original files, zipped.

Only the caller's own objects are used (a foreign or made-up id is silently
left out); photos and receipts are read from the file store one at a time.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import BinaryIO

from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import Account, Category, Item, ItemFile
from cleverstore.models.register import FileKind
from cleverstore.services.register import catalogue, items
from cleverstore.services.register.files import archive_name, archive_safe, originals
from cleverstore.services.register.valuation import estimated_value
from cleverstore.services.reports import file_list
from cleverstore.services.reports.data import owner_of
from cleverstore.services.reports.pdf.claim_report import (
    ClaimEvent,
    ClaimObject,
    ClaimReport,
    render_claim_report,
)
from cleverstore.services.shared import worth
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_date, clean_text
from cleverstore.storage.files import get_store

EVENT_KINDS = ("burglary", "theft", "fire", "water", "other")
MAX_OBJECTS = 500


def clean_event(form: dict, today: date | None = None) -> ClaimEvent:
    """The event as the customer typed it; every problem reported at once."""
    errors: dict[str, str] = {}
    kind = str(form.get("event_kind") or "")
    if kind not in EVENT_KINDS:
        errors["event_kind"] = "error.choose_event_kind"
    event_date = None
    try:
        event_date = clean_date(form.get("event_date"), allow_future=False, today=today)
        if event_date is None:
            errors["event_date"] = "error.required"
    except FieldError as exc:
        errors["event_date"] = exc.key
    values = {}
    for name, limit in (("police_report", 60), ("description", 3000)):
        try:
            values[name] = clean_text(form.get(name), max_length=limit, multiline=name == "description")
        except FieldError as exc:
            errors[name] = exc.key
    if errors:
        raise ValidationFailed(errors)
    return ClaimEvent(kind=kind, event_date=event_date, **values)


def _loader(name: str):
    return lambda: get_store().get(name)


def _objects(db: Session, account_id: int, item_ids: list[int], lang: str, today: date) -> tuple[list[ClaimObject], list]:
    owned = items.owned_ids(db, account_id, item_ids)[:MAX_OBJECTS]
    if not owned:
        raise ValidationFailed({"objects": "error.claim_no_objects"})
    paths = catalogue.location_paths(db, account_id)
    rows = db.exec(select(Item, Category.name, Category.useful_life_years)
                   .outerjoin(Category, Category.id == Item.category_id)
                   .where(Item.account_id == account_id, Item.id.in_(owned), worth.owned())
                   .order_by(Item.name, Item.id)).all()
    if not rows:  # only sold or discarded objects chosen: they are no longer the customer's to claim
        raise ValidationFailed({"objects": "error.claim_no_objects"})
    owned = [item.id for item, _category, _life in rows]
    files = db.exec(select(ItemFile).where(ItemFile.account_id == account_id, ItemFile.item_id.in_(owned))
                    .order_by(ItemFile.item_id, ItemFile.is_main.desc(), ItemFile.id)).all()
    objects = []
    for item, category, life in rows:
        own_files = [f for f in files if f.item_id == item.id]
        objects.append(ClaimObject(
            name=item.name, category=category or "", location=paths.get(item.location_id, ""),
            manufacturer=item.manufacturer, model=item.model, serial_number=item.serial_number,
            description=item.description, quantity=item.quantity, purchase_date=item.purchase_date,
            purchase_price_ore=item.purchase_price_ore, replacement_ore=item.replacement_value_ore,
            estimated_ore=estimated_value(item.purchase_price_ore, item.current_value_ore, item.purchase_date, life,
                                          today),
            photos=[_loader(f.thumb_name or f.stored_name) for f in own_files if f.kind == FileKind.PHOTO.value],
            documents=[(translate(f"file_kind.{f.kind}", lang), f.original_name) for f in own_files
                       if f.kind != FileKind.PHOTO.value],
        ))
    return objects, rows


def write_claim_pack(db: Session, account_id: int, item_ids: list[int], event: ClaimEvent, out: BinaryIO, *,
                     report_id: str, created: datetime, lang: str, today: date | None = None,
                     deterministic: bool = False, counted: dict | None = None) -> int:
    """The zip: the claim PDF and, per object, its original photos and documents. Returns the PDF's pages;
    `counted` receives the number of objects claimed."""
    today = today or date.today()
    objects, rows = _objects(db, account_id, item_ids, lang, today)
    if counted is not None:
        counted["objects"] = len(objects)
    report = ClaimReport(report_id=report_id, created=created, lang=lang, owner=owner_of(db.get(Account, account_id)),
                         event=event, objects=objects,
                         files=file_list.for_items(db, account_id, [item.id for item, _c, _l in rows], lang))
    pdf = io.BytesIO()
    pages = render_claim_report(report, pdf, deterministic=deterministic)
    folder = archive_safe(translate("claim.files_folder", lang))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{archive_safe(translate('claim.title', lang))}-{report_id}.pdf", pdf.getvalue())
        numbers = {item.id: number for number, (item, _category, _life) in enumerate(rows, start=1)}
        for item_id, item_name, record, data in originals(db, account_id, list(numbers)):
            archive.writestr(f"{folder}/" + archive_name(f"{numbers[item_id]:03d} {item_name}", record), data)
    return pages
