"""Turn register objects into the display strings a page shows (no Reflex here either)."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.models import Item
from cleverstore.services.inventory import Totals
from cleverstore.services.money import format_ore, ore_to_input


def item_row(item: Item, lang: str) -> dict[str, str]:
    maker = " ".join(part for part in (item.manufacturer, item.model) if part)
    return {
        "id": str(item.id),
        "name": item.name,
        "category": item.category,
        "location": item.location,
        "maker": maker,
        "serial_number": item.serial_number,
        "quantity": str(item.quantity),
        "status": item.status,
        "status_label": translate(f"status.{item.status}", lang),
        "purchase_price": format_ore(item.purchase_price_ore, lang),
        "current_value": format_ore(item.current_value_ore, lang),
    }


def item_detail(item: Item, lang: str) -> dict[str, str]:
    row = item_row(item, lang)
    row.update(
        description=item.description,
        manufacturer=item.manufacturer,
        model=item.model,
        purchase_date=item.purchase_date.isoformat() if item.purchase_date else "",
        warranty_end=item.warranty_end.isoformat() if item.warranty_end else "",
        notes=item.notes,
    )
    return row


def item_form_values(item: Item | None, lang: str) -> dict[str, str]:
    """The edit form's starting values, written the way a user types them."""
    if item is None:
        return {"quantity": "1", "status": "in_use"}
    detail = item_detail(item, lang)
    detail["purchase_price"] = ore_to_input(item.purchase_price_ore, lang)
    detail["current_value"] = ore_to_input(item.current_value_ore, lang)
    return detail


def totals_view(totals: Totals, lang: str) -> dict[str, str]:
    return {
        "objects": str(totals.objects),
        "purchase": format_ore(totals.purchase_ore, lang) or format_ore(0, lang),
        "current": format_ore(totals.current_ore, lang) or format_ore(0, lang),
    }
