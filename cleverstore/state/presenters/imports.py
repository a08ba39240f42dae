"""Rows of the import page: the preview's objects, the refused rows with their reasons, the column choices."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.imports import PendingView, RefusedRow

FIELD = "field:"


def column_label(column: str, lang: str) -> str:
    """A field as the customer knows it: a custom field's own name, else the form's label."""
    if column.startswith(FIELD):
        return column[len(FIELD):]
    if column == "ref":
        return translate("import.map_ref", lang)
    if column == "limit":  # the plan holds no more objects
        return translate("limit.reason_label", lang)
    return translate(f"history_field.{column}", lang)


def over_limit_count(refused: list[RefusedRow]) -> int:
    """Rows refused because the plan holds no more objects (the page offers the upgrade)."""
    return sum(1 for row in refused if ("limit", "limit.objects") in row.reasons)


def refused_row(row: RefusedRow, lang: str) -> dict[str, str]:
    reasons = "; ".join(f"{column_label(column, lang)}: {translate(key, lang)}" for column, key in row.reasons)
    return {"row": str(row.line), "name": row.name, "reasons": reasons}


def target_options(targets, lang: str) -> list[dict[str, str]]:
    """Leave out, then every field a column can fill."""
    return [{"value": "", "label": translate("import.map_ignore", lang)},
            *({"value": t, "label": column_label(t, lang)} for t in targets)]


def column_rows(view: PendingView, lang: str) -> list[dict[str, str]]:
    """One row per column: its header, its first value, the chosen field and its own custom-field choice."""
    rows = []
    for index, header in enumerate(view.headers):
        target = view.mapping.get(header, "")
        custom = target if target.startswith(FIELD) else FIELD + header[:60]
        rows.append({"index": str(index), "name": f"col_{index}", "header": header or "—",
                     "sample": view.first_row.get(header, "")[:80], "target": target, "custom": custom,
                     "custom_label": f"{translate('import.map_custom', lang)}: {custom[len(FIELD):]}"})
    return rows


def number(value: int, lang: str) -> str:
    """2 000 in Swedish, 2,000 in English (the preview's "visar 10 av 2 000 rader")."""
    return f"{value:,}".replace(",", "\u00a0" if lang == "sv" else ",")
