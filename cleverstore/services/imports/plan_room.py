"""An import adds only as many new objects as the plan holds (services/shared/plan_limits.py): the rest
are refused rows with the limit as their reason, so the preview says how many fit and why the others do
not (the first rows of the file fit). Updates of objects already in the register are never refused."""
from __future__ import annotations

from sqlmodel import Session

from cleverstore.services.shared import plan_limits

REASON = (plan_limits.LIMIT_FIELD, "limit.objects")


def refuse_beyond_plan(db: Session, account_id: int, checked, line_numbers: list[int], refused_row) -> None:
    """Move the new objects beyond the plan's room from `checked.good` to `checked.preview.refused`
    (`refused_row` is the engine's RefusedRow; `line_numbers` the file's line of each row)."""
    room = plan_limits.objects_that_fit(db, account_id)
    if room is None:
        return
    beyond = [g for g in checked.good if not g.item_id][room:]
    if not beyond:
        return
    dropped = {id(g) for g in beyond}
    checked.good = [g for g in checked.good if id(g) not in dropped]
    index_of = {line: index for index, line in enumerate(line_numbers)}
    for g in beyond:
        checked.preview.files -= len(g.record.attachments)
        checked.preview.refused.append(refused_row(index_of.get(g.line, g.line - 2), g.line,
                                                   str(g.clean.get("name") or "")[:255], [REASON]))
    checked.preview.refused.sort(key=lambda r: r.line)


def over_limit(preview) -> int:
    """How many of a preview's refused rows are refused for the plan's limit alone."""
    return sum(1 for row in preview.refused if REASON in row.reasons)
