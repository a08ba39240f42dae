"""The pager under a server-side paged list (a state built on `state.paging.PagedList`)."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t


def pager(state, *status) -> rx.Component:
    """Previous · "sida 2 av 7" · next; `status` replaces the middle text (e.g. with a count)."""
    middle = status or (t("pager.page"), " ", state.page, " ", t("pager.of"), " ", state.pages)
    return rx.el.nav(
        rx.el.button(t("pager.previous"), type="button", class_name="button", disabled=state.page <= 1,
                     on_click=state.previous_page),
        rx.el.span(*middle, aria_live="polite", class_name="pager-status"),
        rx.el.button(t("pager.next"), type="button", class_name="button", disabled=state.page >= state.pages,
                     on_click=state.next_page),
        class_name="pager",
        aria_label=t("pager.label"),
    )
