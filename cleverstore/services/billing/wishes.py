"""The plan a visitor chose on the landing page, carried through sign-up to the billing page.

Only a plan in the active catalogue counts: a made-up or retired code in the address is ignored."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cleverstore.db import session_scope
from cleverstore.services.billing import plans

__all__ = ["PlanWish", "pick_plan", "wished_plan"]


@dataclass(frozen=True)
class PlanWish:
    code: str
    name: str  # as customers see it: "Plus"
    by_agreement: bool  # SuperPro: a request to us, not a card payment


def pick_plan(value: object, codes: Iterable[str]) -> str:
    """`value` as one of `codes` (case and spaces do not matter), or "" when it names no such plan."""
    code = str(value or "").strip().lower()[:30]
    return code if code and code in set(codes) else ""


def wished_plan(value: object) -> PlanWish | None:
    """The active plan `value` names, or None."""
    if not str(value or "").strip():
        return None
    with session_scope() as db:
        catalogue = {plan.code: plan for plan in plans.catalogue(db)}
        code = pick_plan(value, catalogue)
        if not code:
            return None
        plan = catalogue[code]
        return PlanWish(plan.code, plan.name, not plans.is_buyable(plan))
