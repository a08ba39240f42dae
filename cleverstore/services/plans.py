"""The subscription plans shown to visitors. Prices are yearly, in öre, VAT (25 %) included."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    yearly_price_ore: int | None  # None: price by agreement ("contact us")
    max_objects: int | None
    feature_keys: tuple[str, ...]


PLANS: tuple[Plan, ...] = (
    Plan("bas", "Bas", 49_500, 1_000, ("plan.feature.objects_1000", "plan.feature.photos", "plan.feature.reports")),
    Plan("plus", "Plus", 89_500, None, ("plan.feature.objects_unlimited", "plan.feature.photos", "plan.feature.reports", "plan.feature.claims")),
    Plan("superpro", "SuperPro", None, None, ("plan.feature.companies", "plan.feature.invoice", "plan.feature.agreement")),
)
