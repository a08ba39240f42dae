"""Shelf.nu's asset export (apps/webapp/app/utils/csv.server.ts, buildCsvExportDataFromAssets): every cell
quoted, headers from columnsLabelsMap, the asset's own columns then its custom fields under their names.

Shelf's "ID" (the asset's cuid) is the stable id; "Asset ID" (SAM-0001) is kept as the asset id; "Value"
(per unit, written as a currency: "SEK 1,234.56") becomes the current value. Columns Shelf computes (dates
created/updated, total value, bookings, reminders, availability, tracking method) are not read; what only
Shelf has (QR ID, kit, custody, asset model, barcodes) and the customer's own fields become custom fields,
so nothing the customer typed is lost.
"""
from __future__ import annotations

import re

from cleverstore.services.imports.formats.base import Format, ImportRecord, quantity

OWN = {"Name": "name", "Description": "description", "Category": "category", "Asset ID": "asset_id"}
SKIPPED = {"ID", "Status", "Value", "Tags", "Location", "Quantity", "Created at", "Updated at", "Total value",
           "Upcoming Reminder", "Upcoming Bookings", "Available to book", "Tracking method", "Min quantity",
           "Actions"}
KEPT_AS_FIELDS = {"QR ID", "Kit", "Custody", "Asset model", "Code128", "Code39", "DataMatrix", "External QR",
                  "EAN-13"}
MARKERS = {"ID", "Asset ID", "QR ID", "Available to book", "Kit", "Custody", "Upcoming Reminder",
           "Upcoming Bookings", "Total value", "Tracking method"}
IGNORED = SKIPPED - {"ID", "Status", "Value", "Tags", "Location", "Quantity"}


def detect(headers: list[str]) -> bool:
    names = {h.strip() for h in headers}
    return "Name" in names and len(names & MARKERS) >= 2


def ignored(headers: list[str]) -> list[str]:
    return [h for h in headers if h.strip() in IGNORED]


def amount(text: str) -> str:
    """"SEK 1,234.56", "$1,234.56", "1 234,56 kr" → "1234.56"-like text the form reads."""
    value = re.sub(r"[^\d.,\-]", "", text or "")
    return value.replace(",", "") if "." in value else value


def record(cells: dict[str, str]) -> ImportRecord:
    out = ImportRecord()
    form = out.form
    for column, target in OWN.items():
        form[target] = (cells.get(column) or "").strip()
    if form["category"] == "Uncategorized":  # what Shelf writes for an asset without a category
        form["category"] = ""
    form["current_value"] = amount(cells.get("Value", ""))
    count = re.match(r"\s*([\d.,]+)", cells.get("Quantity") or "")
    form["quantity"] = quantity(count.group(1), out) if count else ""
    form["status"] = "in_use"
    out.ref = (cells.get("ID") or "").strip()
    out.tags = [t.strip() for t in (cells.get("Tags") or "").split(",") if t.strip()]
    place = (cells.get("Location") or "").strip()
    out.place_path = [place] if place else []
    for column, value in cells.items():
        name = (column or "").strip()
        if name and name not in OWN and name not in SKIPPED and (value or "").strip():
            out.custom[name] = value.strip()
    out.skip = not any((v or "").strip() for v in cells.values())
    return out


FORMAT = Format(key="shelf", record=record, detect=detect, ignored=ignored)
