"""The Reflex app: every page registered in one place, our HTTP routes mounted in front."""
from __future__ import annotations

import reflex as rx

from cleverstore.api.app import build_api
from cleverstore.pages.auth import login_page, signup_page
from cleverstore.pages.bench_counter import bench_counter_page
from cleverstore.pages.catalogue import catalogue_page
from cleverstore.pages.dashboard import dashboard_page
from cleverstore.pages.index import index_page
from cleverstore.pages.item import item_form_page, item_view_page
from cleverstore.pages.profile import profile_page
from cleverstore.pages.register import register_page
from cleverstore.pages.register_import import import_page
from cleverstore.pages.terms import terms_page
from cleverstore.state.base import AppState
from cleverstore.state.catalogue import CatalogueState
from cleverstore.state.dashboard import DashboardState
from cleverstore.state.errors import backend_exception_handler
from cleverstore.state.item import ItemState
from cleverstore.state.profile import ProfileState
from cleverstore.state.register import RegisterState
from cleverstore.state.register_import import ImportState
from cleverstore.state.terms import TermsState

app = rx.App(
    api_transformer=build_api,
    backend_exception_handler=backend_exception_handler,
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        rx.script(src="/upload.js"),
    ],
)

app.add_page(index_page, route="/", title="CleverStore", on_load=AppState.load_identity)
app.add_page(login_page, route="/login", title="Logga in · CleverStore", on_load=AppState.redirect_signed_in)
app.add_page(signup_page, route="/signup", title="Skapa konto · CleverStore", on_load=AppState.redirect_signed_in)
app.add_page(terms_page, route="/villkor", title="Villkor · CleverStore", on_load=TermsState.on_load)
app.add_page(register_page, route="/register", title="Register · CleverStore", on_load=RegisterState.on_load)
app.add_page(item_view_page, route="/object", title="Föremål · CleverStore", on_load=ItemState.load_view)
app.add_page(item_form_page, route="/object/new", title="Nytt föremål · CleverStore", on_load=ItemState.load_form)
app.add_page(item_form_page, route="/object/edit", title="Ändra föremål · CleverStore", on_load=ItemState.load_form)
app.add_page(profile_page, route="/profile", title="Profil · CleverStore", on_load=ProfileState.on_load)
app.add_page(dashboard_page, route="/dashboard", title="Översikt · CleverStore", on_load=DashboardState.on_load)
app.add_page(import_page, route="/import", title="Importera · CleverStore", on_load=ImportState.on_load)
app.add_page(catalogue_page, route="/catalogue", title="Kategorier och platser · CleverStore",
             on_load=CatalogueState.on_load)
app.add_page(bench_counter_page, route="/bench-counter", title="Counter · CleverStore")
