"""An object's photos and documents as the object page shows them (no Reflex here)."""
from __future__ import annotations

from dataclasses import dataclass, field

from cleverstore.i18n import translate
from cleverstore.services.register import DISPLAY_EDGE, PHONE_EDGE, THUMB_EDGE, TILE_EDGE, FileInfo
from cleverstore.services.shared import local_text

PHOTO = "photo"


def file_size(size_bytes: int, lang: str) -> str:
    """A size as people read it: "840 kB", "2,4 MB" (a decimal comma in Swedish)."""
    if size_bytes < 1024 * 1024:
        return f"{max(1, round(size_bytes / 1024))} kB"
    text = f"{size_bytes / (1024 * 1024):.1f} MB"
    return text.replace(".", ",") if lang == "sv" else text


def icon_of(record: FileInfo) -> str:
    """Which type icon a document gets: pdf, image or other."""
    if record.content_type == "application/pdf":
        return "pdf"
    if record.content_type.startswith("image/"):
        return "image"
    return "other"


def gallery_file(record: FileInfo, lang: str) -> dict[str, str]:
    """One photo or document: its label, size, upload date and the owner-only routes of its renditions."""
    kind_label = translate(f"file_kind.{record.kind}", lang)
    date = local_text(record.created_at, date_only=True) if record.created_at else ""
    size = file_size(record.size_bytes, lang)
    return {
        "id": str(record.id),
        "kind": record.kind,
        "kind_label": kind_label,
        "name": record.original_name,
        "icon": icon_of(record),
        "is_main": "1" if record.is_main else "",
        "thumb": f"/files/{record.id}/thumb" if record.thumb_name else "",
        # the photo at screen size (the route gives the full image when there is no rendition)
        "display": f"/files/{record.id}/display" if record.kind == PHOTO else "",
        # the phone and the display size, each with its width: the main photo offers both and the browser
        # takes what its screen needs (a photo without a phone size gets its display size at that address)
        "srcset": (f"/files/{record.id}/phone {PHONE_EDGE}w, /files/{record.id}/display {DISPLAY_EDGE}w"
                  if record.kind == PHOTO else ""),
        # the small square beside the main photo: the tile, or the thumbnail on a sharper screen
        "tile_srcset": (f"/files/{record.id}/tile {TILE_EDGE}w, /files/{record.id}/thumb {THUMB_EDGE}w"
                        if record.kind == PHOTO and record.thumb_name else ""),
        "view": f"/files/{record.id}/view",
        "download": f"/files/{record.id}/download",
        "size": size,
        "date": date,
        # what a screen reader hears for a document's link, and what its tooltip shows in full
        "facts": " · ".join(part for part in (kind_label, size, date) if part),
    }


@dataclass
class Gallery:
    """The main photo (or an empty dict), the other photos in order, and the documents."""

    main: dict[str, str] = field(default_factory=dict)
    photos: list[dict[str, str]] = field(default_factory=list)
    documents: list[dict[str, str]] = field(default_factory=list)


def gallery_of(records, lang: str) -> Gallery:
    """Photos (kind photo) go to the gallery, the main one first and large; everything else is a document."""
    shown = Gallery()
    for record in records:
        view = gallery_file(record, lang)
        if record.kind != PHOTO:
            shown.documents.append(view)
        elif record.is_main and not shown.main:
            shown.main = view
        else:
            shown.photos.append(view)
    if not shown.main and shown.photos:  # a register from before main photos were kept: the first one leads
        shown.main = shown.photos.pop(0)
    return shown
