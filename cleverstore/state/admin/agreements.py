"""Admin: SuperPro requests, invoice terms (T5, T10) and the plan catalogue's yearly prices (T12)."""
from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.models import Account, Plan
from cleverstore.services.billing import agreements as billing_admin
from cleverstore.services.billing import superpro
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import format_ore, parse_kronor
from cleverstore.services.shared.timefmt import local_text
from cleverstore.state.admin.base import AdminBase


def _customer_by_number(db, number: str) -> Account:
    account = db.exec(select(Account).where(Account.customer_number == number.strip())).first()
    if account is None:
        raise ValidationFailed({"customer_number": "error.customer_unknown"})
    return account


def _invoice_terms(admin_id: int, form: dict) -> str:
    with session_scope() as db:
        account = _customer_by_number(db, str(form.get("customer_number") or "")[:20])
        try:
            days = int(str(form.get("days_until_due") or "0"))
        except ValueError:
            raise ValidationFailed({"days_until_due": "error.days_until_due"}) from None
        billing_admin.put_on_invoice_terms(db, stripe_client(), account.id, str(form.get("plan") or ""), days)
        audit.record(db, admin_id, "invoice_terms_set", "account", account.id, f"{days} days")
        return account.customer_number or ""


def _new_price(admin_id: int, form: dict) -> int:
    try:
        ore = parse_kronor(str(form.get("price") or ""))
    except ValueError:
        ore = None
    if not ore:
        raise ValidationFailed({"price": "error.amount_invalid"})
    override = str(form.get("override") or "").lower() in ("on", "true", "1")
    plan_code = str(form.get("plan") or "")[:30]
    with session_scope() as db:
        moved = billing_admin.publish_new_yearly_price(db, stripe_client(), plan_code, ore, override)
        audit.record(db, admin_id, "price_changed", "plan", plan_code,
                     f"{format_ore(ore)}{' (override)' if override else ''}; {moved} subscribers at renewal")
        return moved


class AdminAgreementsState(AdminBase):
    requests: list[dict[str, str]] = []
    plans: list[dict[str, str]] = []
    form_key: int = 0

    def _refresh(self) -> None:
        with session_scope() as db:
            rows = superpro.open_requests(db)
            accounts = {a.id: a for a in db.exec(select(Account).where(Account.id.in_([r.account_id for r in rows])))}
            self.requests = [{"id": str(r.id), "customer": f"{accounts[r.account_id].name} "
                              f"({accounts[r.account_id].customer_number})", "customer_id": str(r.account_id),
                              "companies": str(r.company_count), "message": r.message,
                              "created": local_text(r.created_at)} for r in rows]
            self.plans = [{"code": p.code, "name": p.name, "price": format_ore(p.yearly_price_ore, self.lang)
                           if p.yearly_price_ore is not None else self._t("plan.contact_us")}
                          for p in db.exec(select(Plan).order_by(Plan.sort_order, Plan.id)).all()]

    @rx.event
    def on_load(self):
        if self._require_admin("agreements") is None:
            return rx.redirect("/admin/login")
        self.errors, self.message = {}, ""
        self._refresh()
        self.loaded = True
        return None

    @rx.event
    def mark_handled(self, request_id: str):
        admin_id = self._require_admin("superpro_handled")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            with session_scope() as db:
                handled = superpro.mark_handled(db, int(str(request_id)))
                audit.record(db, admin_id, "superpro_handled", "account", handled.account_id)
        except (NotFound, ValueError):
            return None
        self._refresh()
        self._done("admin.superpro_handled")
        return None

    @rx.event
    async def set_invoice_terms(self, form: dict):
        admin_id = self._require_admin("invoice_terms")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            number = await asyncio.to_thread(_invoice_terms, admin_id, dict(form))
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._done("admin.invoice_terms_done", number=number)
        self.form_key += 1
        return None

    @rx.event
    async def publish_price(self, form: dict):
        admin_id = self._require_admin("price_change")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            moved = await asyncio.to_thread(_new_price, admin_id, dict(form))
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except NotFound:
            self._fail(ValidationFailed({"plan": "error.plan_unknown"}))
            return None
        self._refresh()
        self._done("admin.price_done", count=moved)
        self.form_key += 1
        return None
