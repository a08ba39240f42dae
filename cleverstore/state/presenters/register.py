"""Turn register objects into the display strings a page shows (no Reflex here either)."""
from __future__ import annotations

from datetime import date

from cleverstore.i18n import translate
from cleverstore.services.register import (
    FORMER_MEMBER,
    CategoryInfo,
    ChangeInfo,
    CustomFieldInfo,
    FileInfo,
    FilterOptions,
    ItemView,
    LocationNode,
    Totals,
    is_owned,
    is_web_link,
    needs_details,
)
from cleverstore.services.shared import format_ore, local_text


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def item_row(view: ItemView, lang: str, today: date, selected: bool = False) -> dict[str, str]:
    item = view.item
    maker = " ".join(part for part in (item.manufacturer, item.model) if part)
    value_sum = format_ore(view.estimated_ore(today) * item.quantity, lang) \
        if is_owned(item.status) and view.estimated_ore(today) is not None else ""
    return {
        "id": str(item.id),
        # an object added from a photo may have no name yet: it is shown, and linked, as an unnamed thing
        "name": item.name.strip() or translate("item.nameless", lang),
        "nameless": "" if item.name.strip() else "1",
        "needs_details": "1" if needs_details(item) else "",
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
        # quantity × the per-piece value: what the row adds to the totals (sold and discarded add nothing)
        "current_sum": value_sum,
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
        asset_id=item.asset_id or "",
        url=item.url or "",
        # the page makes a link only of a web address: anything else (javascript:, file:) stays inert text
        url_is_web="1" if is_web_link(item.url or "") else "",
        lifetime_warranty=translate("common.yes" if item.lifetime_warranty else "common.no", lang),
    )
    return row


def file_view(record: FileInfo, lang: str) -> dict[str, str]:
    """A FileInfo, or anything with the same attributes (the support look at a register passes file rows)."""
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


def change_view(change: ChangeInfo, lang: str) -> dict[str, str]:
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

    return {
        "id": str(change.id),
        "when": local_text(change.created_at),
        "who": translate("members.former", lang) if change.actor == FORMER_MEMBER else change.actor or "–",
        "field": label,
        "old": shown(change.old_value),
        "new": shown(change.new_value),
    }


def totals_view(totals: Totals, lang: str) -> dict[str, str]:
    """The totals, and the one line a phone shows of them ("25 föremål · 308 690,00 kr")."""
    return {
        "summary": translate("register.summary", lang, count=totals.objects,
                             value=format_ore(totals.current_ore, lang) or format_ore(0, lang)),
        "objects": str(totals.objects),
        "purchase": format_ore(totals.purchase_ore, lang),
        "replacement": format_ore(totals.replacement_ore, lang),
        "current": format_ore(totals.current_ore, lang),
    }


def not_counted_note(totals: Totals, lang: str) -> str:
    """The pager counts every matching object; this says how many of them (sold, discarded) the totals leave out."""
    return translate("worth.pager_not_counted", lang, count=totals.not_counted) if totals.not_counted else ""


def pager_text(page: int, pages: int, matching: int, totals: Totals, lang: str) -> str:
    """The pager's line as the page shows it (the page puts these same parts together)."""
    note = not_counted_note(totals, lang)
    return (f"{translate('pager.page', lang)} {page} {translate('pager.of', lang)} {pages} · {matching} "
            f"{translate('pager.objects', lang)}" + (f" ({note})" if note else ""))


def choices(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"id": value, "label": label} for value, label in pairs]


def filter_menus(options: FilterOptions) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """The register's filter menus: categories, locations, tags."""
    return choices(options.categories), choices(options.locations), choices(options.tags)


def custom_field_choice(field: CustomFieldInfo) -> dict[str, str]:
    """A custom field of the object form."""
    return {"key": field.key, "name": field.name, "kind": field.kind}


def custom_shown(fields: tuple[CustomFieldInfo, ...], custom: dict[int, str], lang: str) -> list[dict[str, str]]:
    """The custom fields an object has a value for, as shown on its page (yes/no translated)."""
    def shown(field: CustomFieldInfo) -> str:
        value = custom.get(field.id, "")
        if field.kind == "yes_no":
            return translate("common.yes" if value == "yes" else "common.no", lang)
        return value

    return [{"name": field.name, "value": shown(field)} for field in fields if custom.get(field.id)]


def category_row(category: CategoryInfo) -> dict[str, str]:
    return {"id": str(category.id), "name": category.name, "life": str(category.useful_life_years or "")}


def location_row(node: LocationNode) -> dict[str, str]:
    return {"id": str(node.id), "name": node.name, "path": node.path, "parent": str(node.parent_id or ""),
            "indent": f"{node.depth * 1.25}rem"}


def field_row(field: CustomFieldInfo, lang: str) -> dict[str, str]:
    return {"id": str(field.id), "name": field.name, "kind": translate(f"field_kind.{field.kind}", lang)}


def warranty_row(warranty: tuple[int, str, date]) -> dict[str, str]:
    item_id, name, until = warranty
    return {"id": str(item_id), "name": name, "until": until.isoformat()}

