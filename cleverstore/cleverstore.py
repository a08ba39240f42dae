"""The Reflex app: every page registered in one place, our HTTP routes mounted in front."""
from __future__ import annotations

import reflex as rx

from cleverstore.api.app import build_api
from cleverstore.background import background_loop
from cleverstore.logs import configure_logging
from cleverstore.pages.activity import activity_page
from cleverstore.pages.admin.agreements import agreements_page
from cleverstore.pages.admin.customers import customer_page, customers_page
from cleverstore.pages.admin.heirs import heirs_page
from cleverstore.pages.admin.login import admin_login_page
from cleverstore.pages.admin.site import audit_page, maintenance_page, statistics_page
from cleverstore.pages.admin.support import inbox_page, thread_page
from cleverstore.pages.admin.support_register import support_register_page
from cleverstore.pages.auth import login_page, signup_page
from cleverstore.pages.bench_counter import bench_counter_page
from cleverstore.pages.billing import billing_page, checkout_return_page
from cleverstore.pages.catalogue import catalogue_page
from cleverstore.pages.dashboard import dashboard_page
from cleverstore.pages.index import index_page
from cleverstore.pages.item import item_form_page, item_view_page
from cleverstore.pages.privacy import privacy_page
from cleverstore.pages.profile import profile_page
from cleverstore.pages.recovery import forgot_page, reset_page
from cleverstore.pages.register import register_page
from cleverstore.pages.register_import import import_page
from cleverstore.pages.reports import reports_page
from cleverstore.pages.security import security_page
from cleverstore.pages.support import support_page, support_thread_page
from cleverstore.pages.terms import terms_page
from cleverstore.state.activity_log import ActivityState
from cleverstore.state.admin.agreements import AdminAgreementsState
from cleverstore.state.admin.company_registers import AdminCompanyRegistersState
from cleverstore.state.admin.customers import AdminCustomersState, AdminCustomerState
from cleverstore.state.admin.heirs import AdminHeirsState
from cleverstore.state.admin.site import (
    AdminAuditState,
    AdminMaintenanceState,
    AdminStatisticsState,
)
from cleverstore.state.admin.support import AdminSupportState, AdminThreadState
from cleverstore.state.admin.support_register import AdminSupportRegisterState
from cleverstore.state.auth import SignupState
from cleverstore.state.base import AppState
from cleverstore.state.billing import BillingState, CheckoutReturnState
from cleverstore.state.catalogue import CatalogueState
from cleverstore.state.dashboard import DashboardState
from cleverstore.state.errors import backend_exception_handler
from cleverstore.state.item import ItemState
from cleverstore.state.plans import PlansState
from cleverstore.state.privacy import PrivacyState
from cleverstore.state.profile import ProfileState
from cleverstore.state.recovery import ResetState
from cleverstore.state.register import RegisterState
from cleverstore.state.register_import import ImportState
from cleverstore.state.reports import ReportsState
from cleverstore.state.security import SecurityState
from cleverstore.state.support import SupportState
from cleverstore.state.terms import TermsState

configure_logging()

app = rx.App(
    api_transformer=build_api,
    backend_exception_handler=backend_exception_handler,
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        rx.script(src="/upload.js"),
    ],
)

app.add_page(index_page, route="/", title="CleverStore", on_load=PlansState.load)
app.add_page(login_page, route="/login", title="Logga in · CleverStore", on_load=AppState.redirect_signed_in)
app.add_page(signup_page, route="/signup", title="Skapa konto · CleverStore",
             on_load=[AppState.redirect_signed_in, SignupState.start])
app.add_page(terms_page, route="/villkor", title="Villkor · CleverStore", on_load=TermsState.on_load)
app.add_page(register_page, route="/register", title="Register · CleverStore", on_load=RegisterState.on_load)
app.add_page(item_view_page, route="/object", title="Föremål · CleverStore", on_load=ItemState.load_view)
app.add_page(item_form_page, route="/object/new", title="Nytt föremål · CleverStore", on_load=ItemState.load_form)
app.add_page(item_form_page, route="/object/edit", title="Ändra föremål · CleverStore", on_load=ItemState.load_form)
app.add_page(profile_page, route="/profile", title="Profil · CleverStore", on_load=ProfileState.on_load)
app.add_page(reports_page, route="/reports", title="Rapporter · CleverStore", on_load=ReportsState.on_load)
app.add_page(support_page, route="/support", title="Support · CleverStore", on_load=SupportState.on_load)
app.add_page(support_thread_page, route="/support/thread", title="Support · CleverStore",
             on_load=SupportState.load_thread)

# The admin page: its own layout; every handler checks the admin cookie again.
app.add_page(admin_login_page, route="/admin/login", title="Admin · CleverStore")
app.add_page(statistics_page, route="/admin", title="Admin · CleverStore", on_load=AdminStatisticsState.on_load)
app.add_page(customers_page, route="/admin/customers", title="Kunder · Admin", on_load=AdminCustomersState.on_load)
app.add_page(customer_page, route="/admin/customer", title="Kund · Admin",
             on_load=[AdminCustomerState.on_load, AdminCompanyRegistersState.on_load])
app.add_page(inbox_page, route="/admin/support", title="Support · Admin", on_load=AdminSupportState.on_load)
app.add_page(thread_page, route="/admin/support/thread", title="Support · Admin", on_load=AdminThreadState.on_load)
app.add_page(support_register_page, route="/admin/support/register", title="Kundens register · Admin",
             on_load=AdminSupportRegisterState.on_load)
app.add_page(maintenance_page, route="/admin/maintenance", title="Underhåll · Admin",
             on_load=AdminMaintenanceState.on_load)
app.add_page(agreements_page, route="/admin/agreements", title="Avtal · Admin", on_load=AdminAgreementsState.on_load)
app.add_page(heirs_page, route="/admin/heirs", title="Anhöriga · Admin", on_load=AdminHeirsState.on_load)
app.add_page(audit_page, route="/admin/audit", title="Granskningslogg · Admin", on_load=AdminAuditState.on_load)
app.add_page(forgot_page, route="/forgot", title="Glömt lösenord · CleverStore", on_load=AppState.load_identity)
app.add_page(reset_page, route="/reset", title="Nytt lösenord · CleverStore", on_load=ResetState.on_load)
app.add_page(security_page, route="/security", title="Säkerhet · CleverStore", on_load=SecurityState.on_load)
app.add_page(privacy_page, route="/privacy", title="Mina uppgifter · CleverStore", on_load=PrivacyState.on_load)
app.add_page(activity_page, route="/activity", title="Aktivitet · CleverStore", on_load=ActivityState.on_load)
app.register_lifespan_task(background_loop)
app.add_page(billing_page, route="/billing", title="Abonnemang · CleverStore", on_load=BillingState.on_load)
app.add_page(checkout_return_page, route="/billing/success", title="Betalning · CleverStore",
             on_load=CheckoutReturnState.on_load)
app.add_page(dashboard_page, route="/dashboard", title="Översikt · CleverStore", on_load=DashboardState.on_load)
app.add_page(import_page, route="/import", title="Importera · CleverStore", on_load=ImportState.on_load)
app.add_page(catalogue_page, route="/catalogue", title="Kategorier och platser · CleverStore",
             on_load=CatalogueState.on_load)
app.add_page(bench_counter_page, route="/bench-counter", title="Counter · CleverStore")
