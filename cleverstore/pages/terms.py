"""The terms and privacy policy, from the editable content files."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import page_frame
from cleverstore.components.text import t
from cleverstore.pages.registry import public_page
from cleverstore.state.base import AppState
from cleverstore.state.terms import TermsState


@public_page("/villkor", "title.terms", TermsState.on_load)
def terms_page() -> rx.Component:
    # The content is our own file, never customer text.
    return page_frame(
        rx.el.article(
            rx.el.h1(rx.cond(AppState.is_en, TermsState.title_en, TermsState.title_sv)),
            rx.el.p(t("terms.version"), " ", TermsState.version, class_name="muted"),
            rx.cond(
                AppState.is_en,
                rx.markdown(TermsState.body_en),
                rx.markdown(TermsState.body_sv),
            ),
            class_name="panel prose",
        )
    )
