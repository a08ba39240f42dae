"""Accessible form fields: a visible label tied to each input, errors announced and linked.

Inputs are uncontrolled (the browser keeps what was typed); a server-side
validation error therefore never erases anything.
"""
from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var

from cleverstore.components.text import t


def _error(field_id: str, errors: Var, name: str) -> rx.Component:
    message = errors.get(name, "")
    return rx.el.p(message, id=f"{field_id}-error", class_name="field-error", aria_live="polite")


def _label(label_key: str, field_id: str, required: bool) -> rx.Component:
    """The label holds only the field's name; the required mark sits beside it (the input says `required`)."""
    label = rx.el.label(t(label_key), html_for=field_id, class_name="field-label")
    if not required:
        return label
    return rx.el.div(label, rx.el.span("*", aria_hidden="true", class_name="required-mark"), class_name="label-row")


def _described_by(field_id: str, hint_key: str | None) -> str:
    return f"{field_id}-error" + (f" {field_id}-hint" if hint_key else "")


def text_field(
    label_key: str,
    name: str,
    *,
    errors: Var,
    form: str,
    default_value: Var | str = "",
    input_type: str = "text",
    autocomplete: str = "off",
    required: bool = False,
    hint_key: str | None = None,
    input_mode: str | None = None,
    list_id: str | None = None,
) -> rx.Component:
    field_id = f"{form}-{name}"
    extra = {"input_mode": input_mode} if input_mode else {}
    if list_id:
        extra["list"] = list_id
    return rx.el.div(
        _label(label_key, field_id, required),
        rx.cond(hint_key is not None, rx.el.p(t(hint_key) if hint_key else "", id=f"{field_id}-hint", class_name="field-hint"), rx.fragment()),
        rx.el.input(
            id=field_id,
            name=name,
            type=input_type,
            default_value=default_value,
            auto_complete=autocomplete,
            required=required,
            aria_invalid=rx.cond(errors.get(name, "") != "", "true", "false"),
            aria_describedby=_described_by(field_id, hint_key),
            class_name="input",
            **extra,
        ),
        _error(field_id, errors, name),
        class_name="field",
    )


def textarea_field(label_key: str, name: str, *, errors: Var, form: str, default_value: Var | str = "") -> rx.Component:
    field_id = f"{form}-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.el.textarea(
            id=field_id,
            name=name,
            default_value=default_value,
            rows=4,
            aria_invalid=rx.cond(errors.get(name, "") != "", "true", "false"),
            aria_describedby=f"{field_id}-error",
            class_name="input textarea",
        ),
        _error(field_id, errors, name),
        class_name="field field-wide",
    )


def select_field(
    label_key: str,
    name: str,
    options: list[tuple[str, str]],
    *,
    errors: Var,
    form: str,
    default_value: Var | str = "",
    on_change=None,
) -> rx.Component:
    """A native <select>: works with every screen reader and keyboard."""
    field_id = f"{form}-{name}"
    extra = {"on_change": on_change} if on_change is not None else {}
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.el.select(
            *[rx.el.option(t(text_key), value=value) for value, text_key in options],
            id=field_id,
            name=name,
            default_value=default_value,
            **extra,
            aria_describedby=f"{field_id}-error",
            class_name="input select",
        ),
        _error(field_id, errors, name),
        class_name="field",
    )


def error_summary(summary: Var, *, summary_id: str = "") -> rx.Component:
    """Announced at once when a submit fails; says how many fields need attention. With an id, the
    state can move focus and the view to it (`focus_summary`)."""
    extra = {"id": summary_id, "tab_index": -1} if summary_id else {}
    return rx.el.div(
        rx.cond(summary != "", rx.el.p(summary, class_name="error-summary"), rx.fragment()),
        role="alert",
        aria_live="assertive",
        class_name="error-summary-box",
        **extra,
    )


def submit_button(label_key: str, icon: str | None = None) -> rx.Component:
    """The form's main button; `icon` names a lucide icon shown before the text (decorative)."""
    mark = rx.icon(icon, size=18, aria_hidden="true", class_name="button-icon") if icon else rx.fragment()
    return rx.el.button(mark, rx.el.span(t(label_key)), type="submit", class_name="button button-primary")


def action_button(label_key: str, icon: str, on_click, *, class_name: str = "button") -> rx.Component:
    """A button that does one thing on this page, its lucide icon before the words (decorative)."""
    return rx.el.button(rx.icon(icon, size=18, aria_hidden="true", class_name="button-icon"), rx.el.span(t(label_key)),
                        type="button", class_name=class_name, on_click=on_click)


def danger_button(label_key: str, *, button_type: str = "submit", **props) -> rx.Component:
    """A button that deletes or shuts something off: red, so it never looks like the everyday green one."""
    return rx.el.button(t(label_key), type=button_type, class_name="button button-danger", **props)


def confirm_step(opener_key: str, *children) -> rx.Component:
    """A destructive form kept behind one more click: the opener must be opened before the red button shows."""
    return rx.el.details(
        rx.el.summary(t(opener_key), class_name="button button-danger-outline"),
        *children,
        class_name="confirm-step",
    )


def datalist(list_id: str, values: Var) -> rx.Component:
    return rx.el.datalist(rx.foreach(values, lambda value: rx.el.option(value=value)), id=list_id)


def checkbox_field(label_key: str, name: str, *, form: str, checked) -> rx.Component:
    field_id = f"{form}-{name}"
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, name=name, default_checked=checked, class_name="checkbox"),
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label inline-label"),
        class_name="field field-check",
    )
