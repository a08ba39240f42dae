"""Rows of the yearly re-inventory page: places with their progress, objects as cards."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.register import InventoryWalk, ObjectToCheck, PlaceProgress


def progress_text(checked: int, total: int, lang: str) -> str:
    return translate("inventory.progress", lang, checked=checked, total=total)


def percent(checked: int, total: int) -> int:
    return round(100 * checked / total) if total else 0


def place_row(place: PlaceProgress, chosen: str, lang: str) -> dict[str, str]:
    return {
        "key": place.key,
        "label": place.path or translate("inventory.no_place", lang),
        "progress": f"{place.checked}/{place.total}",
        "done": "1" if place.done else "",
        "current": "1" if place.key == chosen else "",
        "indent": f"{min(place.depth, 4) * 12}px",
    }


def object_card(obj: ObjectToCheck, lang: str) -> dict[str, str]:
    if obj.checked:
        label = translate("inventory.last_checked", lang)
    elif obj.last_checked_on:
        label = translate("inventory.checked_before", lang)
    else:
        label = translate("inventory.never_checked", lang)
    return {
        "id": str(obj.id),
        "name": obj.name or translate("inventory.unnamed", lang),
        "status": obj.status,
        "status_label": translate(f"status.{obj.status}", lang),
        "checked": "1" if obj.checked else "",
        "checked_label": label,
        "checked_date": obj.last_checked_on.isoformat() if obj.last_checked_on else "",
        "thumb": f"/files/{obj.photo_id}/thumb" if obj.photo_id else "",
        "upload_url": f"/files/upload?item={obj.id}&kind=photo",
    }


def walk_rows(walk: InventoryWalk, lang: str) -> dict:
    """Everything the page shows of one walk, as plain values."""
    chosen = walk.place.key if walk.place else ""
    return {
        "progress": progress_text(walk.checked, walk.total, lang),
        "percent": percent(walk.checked, walk.total),
        "places": [place_row(place, chosen, lang) for place in walk.places],
        "place_key": chosen,
        "place_label": (walk.place.path or translate("inventory.no_place", lang)) if walk.place else "",
        "place_progress": progress_text(walk.place.checked, walk.place.total, lang) if walk.place else "",
        "place_percent": percent(walk.place.checked, walk.place.total) if walk.place else 0,
        "place_done": bool(walk.place and walk.place.done),
        "objects": [object_card(obj, lang) for obj in walk.objects],
        "targets": [{"id": key, "path": path} for key, path in walk.move_targets],
        "register_checked": translate("inventory.register_checked", lang, date=walk.last_checked_on.isoformat())
        if walk.last_checked_on else "",
    }
