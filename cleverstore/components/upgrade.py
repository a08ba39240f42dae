"""The "Uppgradera" link shown where an action was refused for a plan limit: it leads to the plan
choice on the billing page (services/shared/plan_limits.py says what each plan holds)."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t


def upgrade_link(shown) -> rx.Component:
    """The link while `shown` (a bool Var) is true."""
    return rx.cond(shown, rx.el.a(rx.icon("circle-arrow-up", size=16, aria_hidden="true"), rx.el.span(t("limit.upgrade")),
                                  href="/billing", class_name="button upgrade-link"), rx.fragment())
