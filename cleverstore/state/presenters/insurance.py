"""Row dicts of the insurance page and the dashboard's cover lines, in the visitor's language."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.insurance import ALLRISK, Coverage, PlaceChoice, PolicyInfo
from cleverstore.services.shared import format_ore


def policy_title(company: str, policy_number: str) -> str:
    return f"{company} {policy_number}".strip()


def policy_row(policy: PolicyInfo, lang: str) -> dict[str, str]:
    """One policy as the list shows it: its name, kind, and its sums in one line."""
    money = lambda ore: format_ore(ore, lang)  # noqa: E731
    parts = [translate("insurance.summary_sum", lang, amount=money(policy.contents_sum_ore))]
    if policy.theft_limit_ore is not None:
        parts.append(translate("insurance.summary_theft", lang, amount=money(policy.theft_limit_ore)))
    elif policy.theft_limit_percent is not None:
        parts.append(translate("insurance.summary_theft_percent", lang, percent=policy.theft_limit_percent))
    if policy.single_item_limit_ore is not None:
        parts.append(translate("insurance.summary_single", lang, amount=money(policy.single_item_limit_ore)))
    if policy.excess_ore is not None:
        parts.append(translate("insurance.summary_excess", lang, amount=money(policy.excess_ore)))
    if policy.renews_on is not None:
        parts.append(translate("insurance.summary_renews", lang, date=policy.renews_on.isoformat()))
    return {
        "id": str(policy.id),
        "title": policy_title(policy.company, policy.policy_number),
        "kind": translate(f"insurance.kind.{policy.kind}", lang),
        "summary": " · ".join(parts),
        "document": policy.document,
        "document_url": f"/policies/{policy.id}/document" if policy.document else "",
        "allrisk": "1" if policy.kind == ALLRISK else "",
    }


def place_row(place: PlaceChoice, chosen: set[int]) -> dict[str, str]:
    return {"id": str(place.id), "path": place.path, "checked": "1" if place.id in chosen else ""}


def cover_lines(coverage: Coverage, lang: str) -> list[dict[str, str]]:
    """What the dashboard says: per policy enough or under-insured by how much, the theft-prone limit, the
    objects above the single-item limit and which to consider for separate cover; `tone` is warn or ok."""
    money = lambda ore: format_ore(ore, lang)  # noqa: E731
    lines: list[dict[str, str]] = []

    def say(tone: str, key: str, **values: object) -> None:
        lines.append({"tone": tone, "text": translate(key, lang, **values)})

    for check in coverage.policies:
        name = policy_title(check.company, check.policy_number)
        if check.under_ore:
            say("warn", "insurance.under", policy=name, short=money(check.under_ore), value=money(check.value_ore),
                sum=money(check.contents_sum_ore))
        else:
            say("ok", "insurance.ok", policy=name, value=money(check.value_ore), sum=money(check.contents_sum_ore))
        if check.theft_under_ore:
            say("warn", "insurance.theft_under", policy=name, value=money(check.theft_value_ore),
                limit=money(check.theft_limit_ore), short=money(check.theft_under_ore))
        for over in check.over_single_limit[:10]:
            say("warn", "insurance.single_over", name=over.name, value=money(over.per_piece_ore),
                short=money(over.over_ore))
        if check.separate_cover:
            say("warn", "insurance.consider", names=", ".join(n for _id, n in check.separate_cover[:10]))
        if check.at_purchase_price:
            say("note", "insurance.counted_at_purchase", count=check.at_purchase_price)
        if check.without_value:
            say("note", "insurance.not_counted", count=check.without_value)
    if coverage.policies and coverage.outside_objects:
        say("warn", "insurance.outside", count=coverage.outside_objects, value=money(coverage.outside_value_ore))
    return lines
