"""Pages register themselves: `@customer_page`, `@admin_page` and `@public_page` record the route,
the translated title and the on_load handlers beside the page's own code; `cleverstore.py` only
imports the page modules and calls `add_pages(app)`.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx

from cleverstore.components.layout import customer_frame
from cleverstore.i18n import translate

Page = Callable[[], rx.Component]


@dataclass(frozen=True)
class PageSpec:
    component: Page
    route: str
    title_key: str
    on_load: tuple
    admin: bool

    @property
    def title(self) -> str:
        """Swedish, the default language (the browser title is fixed when the page is built)."""
        suffix = "Admin" if self.admin else "CleverStore"
        name = translate(self.title_key)
        return name if name == suffix else f"{name} · {suffix}"


PAGES: list[PageSpec] = []


def _page(route: str, title_key: str, on_load, *, admin: bool) -> Callable[[Page], Page]:
    handlers = tuple(on_load) if isinstance(on_load, (list, tuple)) else ((on_load,) if on_load else ())

    def register(component: Page) -> Page:
        if any(spec.route == route for spec in PAGES):
            raise ValueError(f"route registered twice: {route}")
        PAGES.append(PageSpec(component, route, title_key, handlers, admin))
        return component

    return register


def public_page(route: str, title_key: str, on_load=None) -> Callable[[Page], Page]:
    """A page anyone may open (landing, login, terms, password reset)."""
    return _page(route, title_key, on_load, admin=False)


def customer_page(route: str, title_key: str, on_load) -> Callable[[Page], Page]:
    """A signed-in customer's page: its on_load resolves the caller (and sends visitors to /login).

    Built inside `customer_frame`, so that its frame is drawn signed in until the state arrives.
    """
    def register(component: Page) -> Page:
        @functools.wraps(component)
        def built() -> rx.Component:
            with customer_frame():
                return component()

        _page(route, title_key, on_load, admin=False)(built)
        return component

    return register


def admin_page(route: str, title_key: str, on_load=None) -> Callable[[Page], Page]:
    """An administrator's page: every handler checks the admin cookie again."""
    return _page(route, title_key, on_load, admin=True)


def add_pages(app: rx.App) -> None:
    for spec in PAGES:
        app.add_page(spec.component, route=spec.route, title=spec.title,
                     on_load=list(spec.on_load) if len(spec.on_load) > 1 else (spec.on_load[0] if spec.on_load else None))
