"""Turn register objects into the display strings a page shows (no Reflex here either)."""
from __future__ import annotations

from datetime import date

from cleverstore.i18n import translate
from cleverstore.models import ItemChange, ItemFile
from cleverstore.services.register.items import ItemView, Totals
from cleverstore.services.shared.money import format_ore


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def item_row(view: ItemView, lang: str, today: date, selected: bool = False) -> dict[str, str]:
    item = view.item
    maker = " ".join(part for part in (item.manufacturer, item.model) if part)
    return {
        "id": str(item.id),
        "name": item.name,
        "category": view.category,
        "location": view.location,
        "tags": ", ".join(view.tags),
        "maker": maker,
        "serial_number": item.serial_number,
        "quantity": str(item.quantity),
        "status": item.status,
        "status_label": translate(f"status.{item.status}", lang),
        "purchase_price": format_ore(item.purchase_price_ore, lang),
        "current_value": format_ore(view.estimated_ore(today), lang),
        "thumb": f"/files/{view.main_photo_id}/thumb" if view.main_photo_id else "",
        "selected": "1" if selected else "",
    }


def status_details(view: ItemView, lang: str) -> str:
    """One line saying what the status means for this object (lent to whom, sold when …)."""
    item = view.item
    if item.status == "lent_out":
        return translate("status_detail.lent_out", lang, who=item.lent_to, until=_day(item.lent_until) or "–")
    if item.status == "sold":
        return translate("status_detail.sold", lang, when=_day(item.sold_date), price=format_ore(
            item.sold_price_ore, lang) or "–", who=item.sold_to or "–")
    if item.status == "lost":
        return translate("status_detail.lost", lang, when=_day(item.lost_date) or "–",
                         report=item.police_report or "–")
    return ""


def item_detail(view: ItemView, lang: str, today: date) -> dict[str, str]:
    item = view.item
    row = item_row(view, lang, today)
    row.update(
        description=item.description,
        manufacturer=item.manufacturer,
        model=item.model,
        purchase_place=item.purchase_place,
        purchase_date=_day(item.purchase_date),
        warranty_end=_day(item.warranty_end),
        replacement_value=format_ore(item.replacement_value_ore, lang),
        own_value=format_ore(item.current_value_ore, lang),
        insured=translate("common.yes" if item.insured else "common.no", lang),
        life=translate("item.life_years", lang, years=view.life_years) if view.life_years else "",
        status_details=status_details(view, lang),
        notes=item.notes,
    )
    return row


def file_view(record: ItemFile, lang: str) -> dict[str, str]:
    return {
        "id": str(record.id),
        "kind": record.kind,
        "kind_label": translate(f"file_kind.{record.kind}", lang),
        "name": record.original_name,
        "is_image": "1" if record.content_type.startswith("image/") else "",
        "is_main": "1" if record.is_main else "",
        "thumb": f"/files/{record.id}/thumb" if record.thumb_name else "",
        "view": f"/files/{record.id}/view",
        "download": f"/files/{record.id}/download",
        "size": f"{max(1, record.size_bytes // 1024)} kB",
    }


def change_view(change: ItemChange, lang: str) -> dict[str, str]:
    field = change.field_name
    if field.startswith("field:"):
        label = field.removeprefix("field:")
    elif field.startswith("file:"):
        label = translate(f"file_kind.{field.removeprefix('file:')}", lang)
    else:
        label = translate(f"history_field.{field}", lang)

    def shown(value: str) -> str:
        if field == "status" and value:
            return translate(f"status.{value}", lang)
        return value or "–"

    local = change.created_at.astimezone(_stockholm())
    return {
        "id": str(change.id),
        "when": local.strftime("%Y-%m-%d %H:%M"),
        "who": change.actor or "–",
        "field": label,
        "old": shown(change.old_value),
        "new": shown(change.new_value),
    }


def _stockholm():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


def totals_view(totals: Totals, lang: str) -> dict[str, str]:
    return {
        "objects": str(totals.objects),
        "purchase": format_ore(totals.purchase_ore, lang),
        "replacement": format_ore(totals.replacement_ore, lang),
        "current": format_ore(totals.current_ore, lang),
    }
