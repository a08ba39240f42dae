"""A format made from the customer's own column mapping (header -> one of our fields, a custom field
"field:<name>", "ref", or "" to ignore): for any spreadsheet that is not a format we know."""
from __future__ import annotations

from cleverstore.services.imports import columns
from cleverstore.services.imports.formats import cleverstore
from cleverstore.services.imports.formats.base import Format, ImportRecord
from cleverstore.services.shared.errors import ValidationFailed

REF = "ref"


def valid_target(target: str) -> bool:
    return target in ("", REF) or target in columns.MAPPABLE or bool(columns.custom_field_of(target))


def build(mapping: dict[str, str]) -> Format:
    """ValidationFailed({"mapping": …}) when a target is unknown or nothing is mapped to the name."""
    mapping = {header: (target or "").strip() for header, target in mapping.items()}
    if any(not valid_target(target) for target in mapping.values()):
        raise ValidationFailed({"mapping": "import.mapping_unknown_target"})
    if "name" not in mapping.values():
        raise ValidationFailed({"mapping": "import.mapping_needs_name"})

    def record(cells: dict[str, str]) -> ImportRecord:
        renamed: dict[str, str] = {}
        for header, value in cells.items():
            target = mapping.get(header, "")
            if not target or not (value or "").strip():
                continue
            key = columns.REF_COLUMN if target == REF else target
            # two columns mapped to the same text field (e.g. "Notes" and "Comment") are both kept
            renamed[key] = f"{renamed[key]}\n{value}" if key in renamed and key in ("notes", "description") else value
        out = cleverstore.record(renamed)
        out.skip = not any((v or "").strip() for v in cells.values())
        return out

    def ignored(headers: list[str]) -> list[str]:
        return [h for h in headers if not mapping.get(h)]

    return Format(key="mapped", record=record, ignored=ignored)
