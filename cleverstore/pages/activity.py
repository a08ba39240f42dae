"""The activity log: what happened on the account, newest first, one page at a time."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.activity_log import ActivityState


def _row(row) -> rx.Component:
    return rx.el.tr(rx.el.td(row["when"]), rx.el.td(row["what"]), rx.el.td(row["detail"]))


def _pager() -> rx.Component:
    return rx.el.nav(
        rx.el.button(t("pager.previous"), type="button", class_name="button", disabled=ActivityState.page <= 1,
                     on_click=ActivityState.go_to(ActivityState.page - 1)),
        rx.el.span(t("activity_page.page"), " ", ActivityState.page.to_string(), " / ",
                   ActivityState.pages.to_string(), aria_live="polite"),
        rx.el.button(t("pager.next"), type="button", class_name="button",
                     disabled=ActivityState.page >= ActivityState.pages,
                     on_click=ActivityState.go_to(ActivityState.page + 1)),
        aria_label=t("activity_page.pages"),
        class_name="pager",
    )


@customer_page("/activity", "title.activity", ActivityState.on_load)
def activity_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("activity_page.title")),
        rx.el.p(t("activity_page.lead"), class_name="muted"),
        when_loaded(
            ActivityState.loaded,
            rx.fragment(
                rx.el.div(
                    rx.el.table(
                        rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in (
                            "activity_page.when", "activity_page.what", "activity_page.detail")])),
                        rx.el.tbody(rx.foreach(ActivityState.rows, _row)),
                    ),
                    class_name="table-wrap", tab_index=0, role="region", aria_label=t("frame.table_hint"),
                ),
                _pager(),
            ),
        ),
    )
