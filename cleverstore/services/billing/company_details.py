"""A company customer's details on its invoices: org nr and VAT number on the Stripe customer, and the
invoice reference ("er referens") the customer sets on /billing.

Stripe prints a customer's tax ids and its `invoice_settings.custom_fields` on every invoice it makes
afterwards (an invoice keeps what it was made with). So the VAT number goes as a tax id of type
`eu_vat`, the org nr as the custom field "Org.nr" and the reference as "Referens". The VAT number is
SE, the org nr's ten digits and 01 unless the customer entered another (a VAT group has its own).
A new Stripe customer is made with them (`customer_extras`, read by `payments.ensure_customer`); a
change is sent to the existing customer at once (`push_to_stripe`), with no transaction open.
Private customers have none of this: their invoices name them only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import stripe
from sqlmodel import Session

from cleverstore.db import tenant_scope
from cleverstore.models import Account, AccountKind, BillingAccount
from cleverstore.services.billing import plans, rules
from cleverstore.services.billing.stripe_client import StripeUnavailable, stripe_client
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_text, luhn_ok

__all__ = ["CompanyDetails", "company_details", "excluding_vat", "save_company_details"]

VAT_NUMBER = re.compile(r"^SE(\d{10})01$")
REFERENCE_MAX = 60
ORG_FIELD, REFERENCE_FIELD = "Org.nr", "Referens"  # the custom fields' names on the invoice (Swedish invoices)
TAX_ID_TYPE = "eu_vat"


@dataclass(frozen=True)
class CompanyDetails:
    """What /billing shows a company customer (and what goes on its invoices)."""

    company: bool
    org_number: str
    vat_number: str  # the one in use: entered, or derived from the org nr
    vat_entered: bool
    reference: str
    on_agreement_plan: bool = False  # SuperPro by agreement: the request form is not offered again


def excluding_vat(ore: int) -> int:
    """The price without its 25 % VAT (prices include it: the VAT part is amount × 25/125)."""
    return ore - round(ore * 25 / 125)


def vat_number_for(org_number: str) -> str:
    """SE + the org nr's ten digits + 01 (a Swedish company's VAT registration number)."""
    return "SE" + "".join(ch for ch in org_number if ch.isdigit())[-10:] + "01"


def clean_vat_number(value: object) -> str | None:
    """An entered VAT number, normalised ("se 559030-3979 01" → "SE559030397901"); None when empty."""
    text = re.sub(r"[\s-]", "", str(value or "")).upper()[:20]
    if not text:
        return None
    found = VAT_NUMBER.match(text)
    if found is None or not luhn_ok(found.group(1)):
        raise FieldError("error.vat_number_format")
    return text


def _details(db: Session, account: Account, row: BillingAccount | None) -> CompanyDetails:
    company = account.kind == AccountKind.COMPANY.value and bool(account.org_number)
    org = account.org_number or ""
    entered = row.vat_number if row is not None and row.vat_number else None
    plan = plans.by_code(db, row.plan_code) if row is not None and row.plan_code else None
    agreement = rules.has_live_subscription(row) and plan is not None and not plan.lookup_key
    return CompanyDetails(company, org if company else "", (entered or vat_number_for(org)) if company else "",
                          entered is not None, row.invoice_reference if row is not None else "", agreement)


def _custom_fields(details: CompanyDetails) -> list[dict[str, str]]:
    fields = [{"name": ORG_FIELD, "value": details.org_number}]
    if details.reference:
        fields.append({"name": REFERENCE_FIELD, "value": details.reference})
    return fields


def customer_extras(db: Session, account: Account) -> dict:
    """What `customers.create` adds for a company customer: its VAT number and invoice fields."""
    details = _details(db, account, rules.billing_row(db, account.id))
    if not details.company:
        return {}
    return {"tax_id_data": [{"type": TAX_ID_TYPE, "value": details.vat_number}],
            "invoice_settings": {"custom_fields": _custom_fields(details)}}


def push_to_stripe(client: stripe.StripeClient, account_id: int) -> bool:
    """Send the stored details to the account's Stripe customer (its invoice fields, its one eu_vat tax
    id); False when it has no Stripe customer yet (it is made with them) or is not a company."""
    with tenant_scope(account_id) as db:
        account = db.get(Account, account_id)
        row = rules.billing_row(db, account_id)
        if account is None or row is None or not row.stripe_customer_id:
            return False
        details, customer_id = _details(db, account, row), row.stripe_customer_id
    if not details.company:
        return False
    client.v1.customers.update(customer_id, {"invoice_settings": {"custom_fields": _custom_fields(details)}})
    present = client.v1.customers.tax_ids.list(customer_id, {"limit": 100})["data"]
    for tax_id in present:
        if tax_id["type"] == TAX_ID_TYPE and tax_id["value"] != details.vat_number:
            client.v1.customers.tax_ids.delete(customer_id, tax_id["id"])
    if not any(t["type"] == TAX_ID_TYPE and t["value"] == details.vat_number for t in present):
        client.v1.customers.tax_ids.create(customer_id, {"type": TAX_ID_TYPE, "value": details.vat_number})
    return True


# --- the customer's use cases ---------------------------------------------------------------------------------

def company_details(account_id: int) -> CompanyDetails:
    """The caller's company details as /billing shows them (no call to Stripe)."""
    with tenant_scope(account_id) as db:
        account = db.get(Account, account_id)
        if account is None:
            raise NotFound()
        return _details(db, account, rules.billing_row(db, account_id))


def save_company_details(account_id: int, form: dict) -> CompanyDetails:
    """A company customer sets the invoice reference and (optionally) its VAT number; both go to Stripe
    and onto the next invoices. An empty VAT number means the one derived from the org nr.
    ValidationFailed (nothing saved) for a private customer or a bad value; StripeUnavailable when the
    saved details could not be sent (saving again sends them)."""
    errors: dict[str, str] = {}
    reference, vat = "", None
    try:
        reference = clean_text(form.get("reference"), max_length=REFERENCE_MAX)
    except FieldError as exc:
        errors["reference"] = exc.key
    try:
        vat = clean_vat_number(form.get("vat_number"))
    except FieldError as exc:
        errors["vat_number"] = exc.key
    with tenant_scope(account_id) as db:
        account = db.get(Account, account_id)
        if account is None:
            raise NotFound()
        if not _details(db, account, None).company:
            raise ValidationFailed({"reference": "error.company_details_company_only"})
        if errors:
            raise ValidationFailed(errors)
        row = rules.billing_row(db, account_id) or BillingAccount(account_id=account_id)
        if vat == vat_number_for(account.org_number or ""):
            vat = None  # the derived one: it follows the org nr
        changed = (row.invoice_reference, row.vat_number) != (reference, vat)
        row.invoice_reference, row.vat_number = reference, vat
        db.add(row)
        if changed:
            activity.record(db, account_id, "company_details_saved", reference)
        db.flush()
    try:
        push_to_stripe(stripe_client(), account_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error
    return company_details(account_id)
