"""The dashboard: what the register holds, its worth by category, by place and over time, and what needs attention.

Every block has its final size from the first paint: the figures and charts sit in boxes of fixed
height with a skeleton until the figures arrive, so nothing below them moves when they do.
"""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import register_frame
from cleverstore.components.lazy_mount import lazy_mount
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.base import AppState
from cleverstore.state.dashboard import DashboardState

# The page's figures are this visit's only once it is connected and its on_load has run.
READY = rx.State.is_hydrated & DashboardState.loaded

# Axis ticks in whole kronor, short enough for a 375 px phone: "850 kr", "12 tkr", "1,2 mkr" / "SEK 12k".
MONEY_TICKS = {
    "sv": """(v) => { const n = (x) => x.toLocaleString('sv-SE', {maximumFractionDigits: 1});
        return v >= 1e6 ? n(v / 1e6) + '\u00a0mkr' : v >= 1e3 ? n(v / 1e3) + '\u00a0tkr' : n(v) + '\u00a0kr'; }""",
    "en": """(v) => { const n = (x) => x.toLocaleString('en-GB', {maximumFractionDigits: 1});
        return 'SEK\u00a0' + (v >= 1e6 ? n(v / 1e6) + 'M' : v >= 1e3 ? n(v / 1e3) + 'k' : n(v)); }""",
}
TICK_STYLE = {"fontSize": 12}
# The drawing is hidden from screen readers (its table says the same), so it takes no keyboard focus either.
NOT_FOCUSABLE = {"accessibilityLayer": False}


def _when_ready(content: rx.Component | rx.Var, placeholder: rx.Component) -> rx.Component:
    return rx.cond(READY, content, placeholder)


def _bone(kind: str = "text") -> rx.Component:
    """A grey stand-in of the figure's size, shown until the figures arrive."""
    return rx.el.span(class_name=f"skeleton skeleton-{kind}", aria_hidden="true")


def _figure(label_key: str, key: str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(_when_ready(DashboardState.totals.get(key, ""), _bone())),
                     class_name="total")


def _count(value) -> rx.Component:
    return rx.el.span(_when_ready(value, "…"), class_name="attention-count")


def _per_language(draw) -> rx.Component:
    """Recharts formats ticks in the browser: one chart per language, each with its own formatter."""
    return rx.cond(AppState.is_en, draw("en"), draw("sv"))


def _over_time_chart(lang: str) -> rx.Component:
    return rx.recharts.responsive_container(
        rx.recharts.area_chart(
            rx.recharts.cartesian_grid(vertical=False, class_name="chart-grid"),
            rx.recharts.x_axis(data_key="tick", interval="preserveStartEnd", tick=TICK_STYLE, min_tick_gap=12),
            rx.recharts.y_axis(tick_formatter=MONEY_TICKS[lang], tick=TICK_STYLE, width=64,
                               ticks=DashboardState.time_ticks, domain=_domain(DashboardState.time_ticks),
                               interval=0),
            rx.recharts.area(data_key="amount", type_="linear", is_animation_active=False, class_name="chart-area",
                             stroke_width=2),
            data=DashboardState.over_time, custom_attrs=NOT_FOCUSABLE,
            margin={"top": 8, "right": 12, "bottom": 0, "left": 0},
        ),
        width="100%", height="100%",
    )


def _domain(ticks):
    """The axis runs from 0 to its last round tick."""
    return [0, ticks[ticks.length() - 1]]


def _groups_chart(rows, ticks):
    def draw(lang: str) -> rx.Component:
        return rx.recharts.responsive_container(
            rx.recharts.bar_chart(
                rx.recharts.cartesian_grid(horizontal=False, class_name="chart-grid"),
                rx.recharts.x_axis(type_="number", tick_formatter=MONEY_TICKS[lang], tick=TICK_STYLE,
                                   ticks=ticks, domain=_domain(ticks), interval="preserveStartEnd", min_tick_gap=8),
                rx.recharts.y_axis(type_="category", data_key="short", width=112, tick=TICK_STYLE, interval=0),
                rx.recharts.bar(data_key="amount", is_animation_active=False, class_name="chart-bar",
                                max_bar_size=22),
                data=rows, layout="vertical", custom_attrs=NOT_FOCUSABLE,
                margin={"top": 4, "right": 28, "bottom": 0, "left": 0},
            ),
            width="100%", height="100%",
        )
    return draw


def _chart_box(draw) -> rx.Component:
    """The drawing in a box of fixed height: a skeleton until the figures arrive, a sentence when there is nothing;
    the drawing itself is made when the box comes near the screen (recharts is the page's heaviest work)."""
    return rx.el.div(
        _when_ready(
            rx.cond(DashboardState.has_values,
                    rx.el.div(lazy_mount(_per_language(draw), class_name="chart-drawn"), class_name="chart-drawing",
                              aria_hidden="true"),
                    rx.el.p(t("dashboard.no_values"), class_name="muted chart-empty")),
            rx.el.div(class_name="skeleton skeleton-chart", aria_hidden="true"),
        ),
        class_name="chart-box",
    )


def _table(first_key: str, rows, table_id: str, *, objects: bool) -> rx.Component:
    """The chart's figures as a table, for screen readers and for reading exact sums."""
    heads = [rx.el.th(t(first_key), scope="col")]
    if objects:
        heads.append(rx.el.th(t("register.total_objects"), scope="col", class_name="num"))
    heads.append(rx.el.th(t("register.total_current"), scope="col", class_name="num"))

    def row(r) -> rx.Component:
        cells = [rx.el.th(r["label"], scope="row")]
        if objects:
            cells.append(rx.el.td(r["objects"], class_name="num"))
        cells.append(rx.el.td(r["value"], class_name="num"))
        return rx.el.tr(*cells)

    return rx.el.details(
        rx.el.summary(t("dashboard.show_table")),
        rx.el.table(rx.el.thead(rx.el.tr(*heads)), rx.el.tbody(rx.foreach(rows, row)),
                    id=table_id, class_name="chart-table dashboard-chart"),
        class_name="chart-details",
    )


def _chart_panel(title_key: str, draw, table: rx.Component, panel_class: str, note_key: str = "") -> rx.Component:
    return rx.el.section(
        rx.el.h2(t(title_key)),
        _chart_box(draw),
        rx.el.p(t(note_key), class_name="muted chart-note") if note_key else rx.fragment(),
        table,
        class_name=f"panel chart-panel {panel_class}",
    )


def _attention() -> rx.Component:
    def link(label_key: str, count, href: str, link_id: str = "") -> rx.Component:
        return rx.el.li(rx.el.a(rx.el.span(t(label_key)), " ", _count(count), href=href,
                                **({"id": link_id} if link_id else {})))

    return rx.el.section(
        rx.el.h2(t("dashboard.attention")),
        rx.el.ul(
            link("dashboard.needs_details", DashboardState.needs_details, "/register?missing=details",
                 "dashboard-needs-details"),
            link("dashboard.missing_photo", DashboardState.missing_photo, "/register?missing=photo"),
            link("dashboard.missing_receipt", DashboardState.missing_receipt, "/register?missing=receipt"),
            link("dashboard.not_checked", DashboardState.not_checked, "/inventory", "dashboard-not-checked"),
            link("insurance.attention", DashboardState.cover_warnings, "#insurance-cover", "dashboard-cover"),
            class_name="attention-list",
        ),
        class_name="panel dashboard-attention",
    )


def _insurance() -> rx.Component:
    """Whether the register is properly insured: each policy's sums against the objects it covers."""
    return rx.el.section(
        rx.el.h2(t("insurance.dashboard_title")),
        _when_ready(
            rx.cond(
                DashboardState.has_policies,
                rx.el.ul(rx.foreach(DashboardState.cover, lambda line: rx.el.li(
                    line["text"], class_name="cover-line cover-" + line["tone"])), class_name="cover-lines"),
                rx.el.p(t("insurance.dashboard_none"), class_name="muted"),
            ),
            rx.el.p(_bone("line"), class_name="muted"),
        ),
        rx.el.a(rx.cond(DashboardState.has_policies, t("insurance.manage"), t("insurance.dashboard_add")),
                href="/insurance", class_name="button", id="dashboard-insurance"),
        class_name="panel dashboard-insurance",
        id="insurance-cover",
    )


def _warranties() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("dashboard.warranties")),
        _when_ready(
            rx.cond(
                DashboardState.warranties.length() > 0,
                rx.el.ul(rx.foreach(DashboardState.warranties, lambda w: rx.el.li(
                    rx.el.a(w["name"], href="/object?id=" + w["id"]), " – ", w["until"])),
                    class_name="dashboard-warranties"),
                rx.el.p(t("dashboard.no_warranties"), class_name="muted"),
            ),
            rx.el.p(_bone("line"), class_name="muted"),
        ),
        class_name="panel dashboard-warranty-panel",
    )


@customer_page("/dashboard", "title.dashboard", DashboardState.on_load)
def dashboard_page() -> rx.Component:
    content = rx.el.div(
        rx.el.section(
            rx.el.dl(
                _figure("register.total_objects", "objects"),
                _figure("register.total_purchase", "purchase"),
                _figure("register.total_replacement", "replacement"),
                _figure("register.total_current", "current"),
                class_name="totals dashboard-totals",
                aria_label=t("register.totals"),
            ),
            # said to screen readers only; the skeletons say it to the eye
            rx.el.p(_when_ready("", t("dashboard.loading")), class_name="sr-only", role="status"),
            class_name="dashboard-summary",
        ),
        # "n sold or discarded objects are not counted": a line kept free under the totals on wide screens; on a
        # phone, where it takes two lines, it stands last, so nothing moves when it comes
        rx.el.p(_when_ready(DashboardState.not_counted, ""), class_name="muted dashboard-note"),
        _attention(),
        _chart_panel("dashboard.over_time", _over_time_chart,
                     _table("dashboard.month", DashboardState.over_time, "chart-time", objects=False),
                     "chart-time-panel", "dashboard.over_time_note"),
        _chart_panel("dashboard.by_category", _groups_chart(DashboardState.by_category, DashboardState.category_ticks),
                     _table("dashboard.group", DashboardState.by_category, "chart-category", objects=True),
                     "chart-category-panel"),
        _chart_panel("dashboard.by_location", _groups_chart(DashboardState.by_location, DashboardState.location_ticks),
                     _table("dashboard.group", DashboardState.by_location, "chart-location", objects=True),
                     "chart-location-panel"),
        _warranties(),
        # last: its lines arrive with the figures, and nothing below it can move when they do
        _insurance(),
        class_name="dashboard",
        aria_busy=rx.cond(READY, "false", "true"),
    )
    return register_frame(rx.el.h1(t("dashboard.title")), content)
