"""The register: totals, search, filters, sort, one page of objects as a list (cards on a phone) or as photos."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.capture import capture_button
from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.paging import pager
from cleverstore.components.register_bulk import selection_bar
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.services.register import STATUSES
from cleverstore.state.register import RegisterState

SORT_OPTIONS = (
    ("name", "sort.name_asc"),
    ("-name", "sort.name_desc"),
    ("-current_value", "sort.value_desc"),
    ("current_value", "sort.value_asc"),
    ("-purchase_date", "sort.date_desc"),
    ("purchase_date", "sort.date_asc"),
    ("category", "sort.category"),
    ("location", "sort.location"),
    ("-updated", "sort.updated"),
)


def _total(label_key: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(value), class_name="total")


def _totals() -> rx.Component:
    """All four totals; on a phone folded into one line ("25 föremål · 308 690,00 kr") that opens them."""
    return rx.el.div(
        rx.el.button(
            rx.el.span(RegisterState.totals.get("summary", ""), class_name="totals-line"),
            rx.el.span(t("register.all_totals"), class_name="totals-more"),
            type="button", class_name="totals-toggle", aria_expanded=rx.cond(RegisterState.totals_open, "true", "false"),
            custom_attrs={"aria-controls": "register-totals"}, on_click=RegisterState.toggle_totals,
        ),
        rx.el.dl(
            _total("register.total_objects", RegisterState.totals.get("objects", "0")),
            _total("register.total_purchase", RegisterState.totals.get("purchase", "")),
            _total("register.total_replacement", RegisterState.totals.get("replacement", "")),
            _total("register.total_current", RegisterState.totals.get("current", "")),
            id="register-totals",
            class_name=rx.cond(RegisterState.totals_open, "totals register-totals open", "totals register-totals"),
            aria_label=t("register.totals"),
        ),
        class_name="totals-fold",
    )


def _filter_select(field: str, label_key: str, values, all_key: str) -> rx.Component:
    """A filter select; its first choice is a short "Alla", since the label above already names the field."""
    field_id = f"filter-{field}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(t(all_key), value=""),
            rx.foreach(values, lambda choice: rx.el.option(choice["label"], value=choice["id"])),
            id=field_id,
            value=getattr(RegisterState, field),
            on_change=lambda value: RegisterState.set_filter(field, value),
            class_name="input select",
        ),
        class_name="field",
    )


def _status_select() -> rx.Component:
    return rx.el.div(
        rx.el.label(t("field.status"), html_for="filter-status", class_name="field-label"),
        rx.el.select(
            rx.el.option(t("filter.all"), value=""),
            *[rx.el.option(t(f"status.{status}"), value=status) for status in STATUSES],
            id="filter-status",
            value=RegisterState.status,
            on_change=lambda value: RegisterState.set_filter("status", value),
            class_name="input select",
        ),
        class_name="field",
    )


def _missing_select() -> rx.Component:
    return rx.el.div(
        rx.el.label(t("filter.missing"), html_for="filter-missing", class_name="field-label"),
        rx.el.select(
            rx.el.option(t("filter.missing_none"), value=""),
            rx.el.option(t("filter.missing_photo"), value="photo"),
            rx.el.option(t("filter.missing_receipt"), value="receipt"),
            rx.el.option(t("filter.missing_details"), value="details"),
            id="filter-missing",
            value=RegisterState.missing,
            on_change=lambda value: RegisterState.set_filter("missing", value),
            class_name="input select",
        ),
        class_name="field field-missing",
    )


def _toolbar() -> rx.Component:
    """Search at hand (sticky on a phone), the filters beside it on a wide screen, behind "Filter (n)" on a phone."""
    return rx.el.div(
        rx.el.div(
            rx.el.div(
                rx.el.label(t("register.search"), html_for="register-search", class_name="field-label"),
                rx.el.input(
                    id="register-search",
                    type="search",
                    default_value=RegisterState.search,
                    placeholder=t("register.search_hint"),
                    on_change=RegisterState.set_search.debounce(250),
                    class_name="input",
                    auto_complete="off",
                ),
                class_name="field field-search",
            ),
            rx.el.button(
                t("register.filters"),
                rx.cond(RegisterState.active_filters > 0,
                        rx.el.span(" (", RegisterState.active_filters, ")"), rx.fragment()),
                type="button", class_name="button filter-toggle",
                aria_expanded=rx.cond(RegisterState.filters_open, "true", "false"),
                custom_attrs={"aria-controls": "register-filters"}, on_click=RegisterState.toggle_filters,
            ),
            class_name="search-row",
            role="search",
        ),
        rx.el.div(
            _filter_select("category", "field.category", RegisterState.categories, "filter.all"),
            _filter_select("location", "field.location", RegisterState.locations, "filter.all"),
            _filter_select("tag", "field.tags", RegisterState.tags, "filter.all"),
            _status_select(),
            _missing_select(),
            rx.el.div(
                rx.el.label(t("register.sort"), html_for="register-sort", class_name="field-label"),
                rx.el.select(
                    *[rx.el.option(t(key), value=value) for value, key in SORT_OPTIONS],
                    id="register-sort",
                    value=RegisterState.sort_value,
                    on_change=RegisterState.set_sort,
                    class_name="input select",
                ),
                class_name="field field-sort",
            ),
            id="register-filters",
            class_name=rx.cond(RegisterState.filters_open, "filters open", "filters"),
        ),
        class_name="register-tools",
    )


def _cell(value):
    return rx.cond(value != "", value, "–")


def _thumb(row, class_name: str = "thumb") -> rx.Component:
    """The main photo at a fixed size (nothing jumps while photos load), or an empty square."""
    size = "48" if class_name == "thumb" else "240"
    return rx.cond(
        row["thumb"] != "",
        rx.el.img(src=row["thumb"], alt="", class_name=class_name, loading="lazy", width=size, height=size),
        rx.el.span(class_name=class_name + " thumb-empty", aria_hidden="true"),
    )


def _select_box(row) -> rx.Component:
    """The object's checkbox; in selection mode its label covers the whole card, so a tap anywhere toggles it."""
    return rx.fragment(
        rx.el.input(type="checkbox", id="select-" + row["id"], checked=row["selected"] == "1",
                    on_change=lambda _checked: RegisterState.toggle(row["id"]), class_name="checkbox"),
        rx.el.label(rx.el.span(t("register.select_row"), " ", row["name"], class_name="sr-only"),
                    html_for="select-" + row["id"], class_name="card-hit"),
    )


def _needs_badge(row) -> rx.Component:
    return rx.cond(row["needs_details"] == "1",
                   rx.el.span(t("register.needs_details"), class_name="needs-badge"), rx.fragment())


def _name_link(row) -> rx.Component:
    """The name wraps on spaces and stops after two lines; the link's accessible name is the whole name."""
    return rx.el.a(row["name"], href="/object?id=" + row["id"], title=row["name"],
                   class_name=rx.cond(row["nameless"] == "1", "item-link nameless", "item-link"))


def _row(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(_select_box(row), class_name="select-cell"),
        rx.el.td(_thumb(row), class_name="thumb-cell"),
        rx.el.td(_name_link(row),
                 rx.el.div(row["maker"], class_name="muted small maker"),
                 rx.cond(row["tags"] != "", rx.el.div(row["tags"], class_name="tags small"), rx.fragment()),
                 _needs_badge(row),
                 class_name="name-cell", data_label=t("field.name")),
        rx.el.td(_cell(row["category"]), class_name="col-category", data_label=t("field.category")),
        rx.el.td(_cell(row["location"]), class_name="col-location", data_label=t("field.location")),
        rx.el.td(rx.el.span(row["status_label"], class_name="status status-" + row["status"]),
                 class_name="col-status", data_label=t("field.status")),
        rx.el.td(row["quantity"], class_name="num col-quantity", data_label=t("field.quantity")),
        rx.el.td(_cell(row["purchase_price"]), class_name="num col-purchase", data_label=t("field.purchase_price")),
        rx.el.td(_cell(row["current_value"]), class_name="num col-current", data_label=t("field.current_value")),
        rx.el.td(_cell(row["current_sum"]), class_name="num col-sum", data_label=t("worth.value_now_sum")),
        class_name=rx.cond(row["selected"] == "1", "item-row selected", "item-row"),
    )


def _table() -> rx.Component:
    headers = (("field.name", "name-cell"), ("field.category", "col-category"), ("field.location", "col-location"),
               ("field.status", "col-status"), ("field.quantity", "num col-quantity"),
               ("field.purchase_price", "num col-purchase"), ("field.current_value", "num col-current"),
               ("worth.value_now_sum", "num col-sum"))
    return rx.el.table(
        rx.el.caption(t("register.caption"), class_name="sr-only"),
        rx.el.thead(rx.el.tr(rx.el.th(rx.el.span(t("register.selected_col"), class_name="sr-only"), scope="col",
                                      class_name="select-cell"),
                             rx.el.th(rx.el.span(t("gallery.photo"), class_name="sr-only"), scope="col",
                                      class_name="thumb-cell"),
                             *[rx.el.th(t(key), scope="col", class_name=css) for key, css in headers])),
        rx.el.tbody(rx.foreach(RegisterState.rows, _row)),
        class_name=rx.cond(RegisterState.selecting, "items register-items selecting", "items register-items"),
    )


def _photo_card(row) -> rx.Component:
    return rx.el.li(
        _select_box(row),
        rx.el.a(
            _thumb(row, "photo"),
            rx.el.span(row["name"], class_name="photo-name"),
            href="/object?id=" + row["id"], title=row["name"],
            class_name=rx.cond(row["nameless"] == "1", "photo-link nameless", "photo-link"),
        ),
        rx.el.span(_cell(row["current_sum"]), class_name="photo-value"),
        _needs_badge(row),
        class_name=rx.cond(row["selected"] == "1", "photo-card selected", "photo-card"),
    )


def _photos() -> rx.Component:
    """The register as big square photos, name and value under each (the way a shelf is looked over)."""
    return rx.el.ul(
        rx.foreach(RegisterState.rows, _photo_card),
        class_name=rx.cond(RegisterState.selecting, "photo-grid selecting", "photo-grid"),
        aria_label=t("register.photos"),
    )


def _view_button(value: str, label_key: str) -> rx.Component:
    return rx.el.button(t(label_key), type="button", class_name="view-button",
                        aria_pressed=rx.cond(RegisterState.view == value, "true", "false"),
                        on_click=RegisterState.set_view(value))


def _list_head() -> rx.Component:
    """List or photos, selection mode, select all that match, and the needs-details chip."""
    return rx.el.div(
        rx.el.div(_view_button("list", "register.view_list"), _view_button("photos", "register.view_photos"),
                  role="group", aria_label=t("register.view"), class_name="view-switch"),
        rx.cond(
            RegisterState.selecting,
            rx.el.button(t("register.select_done"), type="button", class_name="button select-mode",
                         on_click=RegisterState.stop_selecting),
            rx.el.button(t("register.select_mode"), type="button", class_name="button select-mode",
                         on_click=RegisterState.start_selecting),
        ),
        rx.el.button(t("bulk.select_matching"), " (", RegisterState.matching, ")", type="button",
                     class_name=rx.cond(RegisterState.selecting, "button select-matching shown", "button select-matching"),
                     on_click=RegisterState.select_matching),
        rx.cond(
            (RegisterState.needs_details > 0) & (RegisterState.missing != "details"),
            rx.el.button(t("register.needs_details"), " (", RegisterState.needs_details, ")", type="button",
                         class_name="chip", title=t("register.needs_details_hint"),
                         on_click=RegisterState.show_needing_details),
            rx.fragment(),
        ),
        class_name="list-head",
        role="toolbar",
        aria_label=t("register.list_tools"),
    )


def _empty() -> rx.Component:
    return rx.el.div(
        rx.cond(
            RegisterState.has_filters,
            rx.el.p(t("register.no_match"), " ",
                    rx.el.button(t("register.clear_filters"), type="button", class_name="link-button",
                                 on_click=RegisterState.clear_filters)),
            rx.el.div(
                rx.el.span(rx.icon("camera", size=40, aria_hidden="true"), class_name="empty-illustration"),
                rx.el.h2(t("empty.register_title"), class_name="empty-title"),
                rx.el.p(t("register.empty")),
                rx.el.p(t("empty.register_text"), class_name="muted"),
                rx.el.div(
                    capture_button("empty-capture", show_hint=False),
                    rx.el.a(rx.icon("file-spreadsheet", size=20, aria_hidden="true"),
                            rx.el.span(t("empty.register_import")), href="/import", class_name="button"),
                    rx.el.a(rx.icon("plus", size=20, aria_hidden="true"), rx.el.span(t("empty.register_manual")),
                            href="/object/new", class_name="button"),
                    class_name="actions empty-actions",
                ),
                class_name="empty-start",
            ),
        ),
        class_name="empty",
    )


def _pager() -> rx.Component:
    return pager(RegisterState, t("pager.page"), " ", RegisterState.page, " ", t("pager.of"), " ", RegisterState.pages,
                 " · ", RegisterState.matching, " ", t("pager.objects"),
                 rx.cond(RegisterState.not_counted != "", rx.el.span(" (", RegisterState.not_counted, ")")))


@customer_page("/register", "title.register", RegisterState.on_load)
def register_page() -> rx.Component:
    return register_frame(
        rx.el.div(
            rx.el.h1(rx.cond(RegisterState.owns_register, t("register.title"),  # or whose register it is
                             rx.el.span(t("register.shared_title"), " ", RegisterState.shared_by))),
            rx.el.div(
                rx.cond(RegisterState.can_edit_register, rx.fragment(  # a viewer looks and prints only
                    capture_button("register-capture", show_hint=False),
                    rx.el.a(rx.icon("plus", size=18, aria_hidden="true"), rx.el.span(t("register.add")),
                            href="/object/new", class_name="button add-object"),  # on phones: the tab bar
                ), rx.fragment()),
                rx.el.button(t("register.more"), type="button", class_name="button more-toggle",
                             aria_expanded=rx.cond(RegisterState.more_open, "true", "false"),
                             custom_attrs={"aria-controls": "register-more"}, on_click=RegisterState.toggle_more),
                rx.el.div(
                    rx.el.a(rx.icon("layout-dashboard", size=18, aria_hidden="true"), rx.el.span(t("nav.dashboard")),
                            href="/dashboard", class_name="button"),
                    rx.el.a(rx.icon("file-spreadsheet", size=18, aria_hidden="true"), rx.el.span(t("import.title")),
                            href="/import", class_name="button"),
                    rx.el.a(rx.icon("download", size=18, aria_hidden="true"), rx.el.span(t("export.csv")),
                            href="/register/export.csv", class_name="button", download="",
                            custom_attrs={"reloadDocument": True}),
                    rx.el.a(t("export.csv_semicolon"), href="/register/export.csv?sep=;", class_name="button",
                            download="", custom_attrs={"reloadDocument": True}),
                    rx.el.a(t("catalogue.title"), href="/catalogue", class_name="button"),
                    rx.el.a(rx.icon("clipboard-check", size=18, aria_hidden="true"),
                            rx.el.span(t("inventory.from_register")), href="/inventory", class_name="button"),
                    rx.el.a(rx.icon("link", size=18, aria_hidden="true"), rx.el.span(t("share.title")),
                            href="/shared-links", class_name="button"),
                    id="register-more",
                    class_name=rx.cond(RegisterState.more_open, "more-actions open", "more-actions"),
                ),
                class_name="actions",
            ),
            class_name="page-head",
        ),
        _toolbar(),
        when_loaded(
            RegisterState.loaded,
            rx.fragment(
                _totals(),
                rx.cond(
                    RegisterState.rows.length() > 0,
                    rx.fragment(_list_head(), rx.cond(RegisterState.view == "photos", _photos(), _table()),
                                _pager()),
                    _empty(),
                ),
                selection_bar(),
            ),
            reserve="100vh",  # a page of objects fills the screen
        ),
    )
