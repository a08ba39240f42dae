"""Company customers: org nr and VAT number on the Stripe customer and so on its invoices, the invoice
reference set on /billing, and plan prices shown without VAT next to the prices with it.

Against the emulator through the real stripe-python client."""
import asyncio
import urllib.request

import pytest
import stripe

from cleverstore.services.billing import company_details, payments, rules, save_company_details
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.billing import BillingState
from cleverstore.state.company_details import CompanyDetailsState
from tests.billing.test_payments import BASE, _deliver, _done
from tests.helpers.factories import make_account, signed_in_token, state_for
from tests.helpers.stripe_emulator import bare_emulator, client_for, emulator, pay_checkout  # noqa: F401
from tests.helpers.stripe_shape import check, compare_with_fixture

ORG = "556677-8899"
VAT = "SE556677889901"


def _company(db, **details):
    return make_account(db, subscribed=False, kind="company", name="Firman AB", org_number=ORG, **details)


def _paid_checkout(db, emulator, account):
    _done(db)
    url = _done(db, payments.start_checkout(stripe_client(), account.id, "bas", BASE))
    _deliver(db, pay_checkout(emulator, url))
    return emulator.store.customers[rules.billing_row(db, account.id).stripe_customer_id]


def _invoices(emulator, customer_id):
    return [i for i in emulator.store.invoices.values() if i["customer"] == customer_id]


def test_a_company_customer_is_made_with_its_vat_number_and_org_nr_so_its_invoices_carry_them(db, emulator):
    customer = _paid_checkout(db, emulator, _company(db))
    assert [(t["type"], t["value"]) for t in customer["_tax_ids"]] == [("eu_vat", VAT)]
    assert customer["invoice_settings"]["custom_fields"] == [{"name": "Org.nr", "value": ORG}]
    [invoice] = stripe_client().v1.invoices.list({"customer": customer["id"]})["data"]
    assert [(t["type"], t["value"]) for t in invoice["customer_tax_ids"]] == [("eu_vat", VAT)]
    assert [(f["name"], f["value"]) for f in invoice["custom_fields"]] == [("Org.nr", ORG)]
    assert invoice["customer_name"] == "Firman AB"
    page = urllib.request.urlopen(invoice["hosted_invoice_url"], timeout=10).read().decode()
    for line in ("Bill to Firman AB", f"VAT {VAT}", f"Org.nr: {ORG}"):
        assert line in page


def test_a_private_customer_has_no_tax_id_or_invoice_fields(db, emulator):
    account = make_account(db, subscribed=False)
    customer = _paid_checkout(db, emulator, account)
    assert customer["_tax_ids"] == [] and customer["invoice_settings"]["custom_fields"] is None
    assert not company_details(account.id).company
    with pytest.raises(ValidationFailed) as refused:
        save_company_details(account.id, {"reference": "Anna"})
    assert refused.value.errors == {"reference": "error.company_details_company_only"}


def test_the_reference_goes_to_stripe_and_onto_the_next_invoice_not_the_ones_made(db, emulator):
    account = _company(db)
    customer = _paid_checkout(db, emulator, account)
    details = _done(db, save_company_details(account.id, {"reference": " Anna Ek / PO 4711 ", "vat_number": ""}))
    assert (details.reference, details.vat_number, details.vat_entered) == ("Anna Ek / PO 4711", VAT, False)
    assert customer["invoice_settings"]["custom_fields"] == [{"name": "Org.nr", "value": ORG},
                                                            {"name": "Referens", "value": "Anna Ek / PO 4711"}]
    [first] = _invoices(emulator, customer["id"])
    assert first["custom_fields"] == [{"name": "Org.nr", "value": ORG}]  # made before: unchanged
    emulator.store.advance(emulator.store.seconds_to_next_renewal())
    renewal = stripe_client().v1.invoices.list({"customer": customer["id"]})["data"][0]
    assert renewal["billing_reason"] == "subscription_cycle"
    assert [(f["name"], f["value"]) for f in renewal["custom_fields"]] == [("Org.nr", ORG),
                                                                           ("Referens", "Anna Ek / PO 4711")]
    assert len(customer["_tax_ids"]) == 1  # saving again sends no second tax id


def test_an_entered_vat_number_replaces_the_derived_one_and_a_bad_one_changes_nothing(db, emulator):
    account = _company(db)
    customer = _paid_checkout(db, emulator, account)
    with pytest.raises(ValidationFailed) as refused:
        save_company_details(account.id, {"reference": "x" * 61, "vat_number": "SE5566778899"})
    assert refused.value.errors == {"reference": "error.too_long", "vat_number": "error.vat_number_format"}
    assert rules.billing_row(db, account.id).vat_number is None
    group = "se 559030-3979 01"  # a VAT group's number: another company's digits
    details = _done(db, save_company_details(account.id, {"reference": "", "vat_number": group}))
    assert (details.vat_number, details.vat_entered) == ("SE559030397901", True)
    assert [t["value"] for t in customer["_tax_ids"]] == ["SE559030397901"]
    details = _done(db, save_company_details(account.id, {"reference": "", "vat_number": ""}))
    assert [t["value"] for t in customer["_tax_ids"]] == [VAT] and not details.vat_entered


def test_a_stripe_customer_made_before_gets_the_details_when_they_are_saved(db, emulator):
    account = _company(db)
    _done(db)
    made = client_for(emulator).v1.customers.create({"email": account.email})  # as before this change
    row = rules.billing_row(db, account.id) or payments.BillingAccount(account_id=account.id)
    row.stripe_customer_id = made.id
    db.add(row)
    _done(db)
    _done(db, save_company_details(account.id, {"reference": "Ekonomi"}))
    customer = emulator.store.customers[made.id]
    assert [t["value"] for t in customer["_tax_ids"]] == [VAT]
    assert customer["invoice_settings"]["custom_fields"][1] == {"name": "Referens", "value": "Ekonomi"}


def test_the_emulator_answers_tax_ids_and_customer_updates_as_stripe_does(bare_emulator):
    client = client_for(bare_emulator)
    with pytest.raises(stripe.InvalidRequestError) as bad:
        client.v1.customers.create({"tax_id_data": [{"type": "eu_vat", "value": "SE5566778899"}]})
    assert (bad.value.code, bad.value.param) == ("tax_id_invalid", "tax_id_data[0][value]")
    assert bare_emulator.store.customers == {}
    customer = client.v1.customers.create({"name": "Firman AB", "tax_id_data": [{"type": "eu_vat", "value": VAT}],
                                           "invoice_settings": {"custom_fields": [{"name": "Org.nr",
                                                                                   "value": ORG}]}})
    [tax_id] = client.v1.customers.tax_ids.list(customer.id)["data"]
    made = client.v1.customers.tax_ids.create(customer.id, {"type": "eu_vat", "value": "SE559030397901"})
    deleted = client.v1.customers.tax_ids.delete(customer.id, tax_id.id)
    assert deleted.deleted and [t.value for t in client.v1.customers.tax_ids.list(customer.id).data] == [
        "SE559030397901"]
    too_many = {"invoice_settings": {"custom_fields": [{"name": f"F{i}", "value": "v"} for i in range(5)]}}
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.customers.update(customer.id, too_many)
    updated = client.v1.customers.update(customer.id, {"invoice_settings": {"custom_fields": ""}})
    assert updated.invoice_settings.custom_fields is None
    for obj in (customer.to_dict(), tax_id.to_dict(), made.to_dict(), updated.to_dict()):
        cls = stripe.TaxId if obj["object"] == "tax_id" else None
        assert check(obj, cls) + compare_with_fixture(obj) == [], obj["object"]
    assert deleted.to_dict() == {"id": tax_id.id, "object": "tax_id", "deleted": True}  # Stripe's deleted object


def test_a_company_sees_prices_without_vat_next_to_them_and_sets_its_reference_on_billing(db, emulator):
    company, private = _company(db), make_account(db, subscribed=False)
    tokens = signed_in_token(db, company), signed_in_token(db, private)
    db.commit()
    page = state_for(BillingState, token=tokens[0], path="/billing")
    asyncio.run(page.on_load())
    prices = {p["code"]: (p["price_sv"], p["price_en"]) for p in page.plans}
    assert prices["bas"] == ("396 kr per år exkl. moms (495 kr inkl. moms)",
                             "SEK 396 per year excl. VAT (SEK 495 incl. VAT)")
    assert prices["plus"][0] == "716 kr per år exkl. moms (895 kr inkl. moms)"
    other = state_for(BillingState, token=tokens[1], path="/billing")
    asyncio.run(other.on_load())
    assert {p["code"]: p["price_sv"] for p in other.plans}["bas"] == "495 kr per år"

    section = state_for(CompanyDetailsState, token=tokens[0], path="/billing")
    asyncio.run(section.load())
    assert (section.company, section.org_number, section.vat_number, section.reference) == (True, ORG, VAT, "")
    asyncio.run(section.save({"reference": "Anna Ek", "vat_number": "SE12"}))
    assert list(section.errors) == ["vat_number"] and section.reference == ""
    asyncio.run(section.save({"reference": "Anna Ek", "vat_number": ""}))
    assert section.errors == {} and section.reference == "Anna Ek"
    assert section.message == "Uppgifterna är sparade och står på kommande fakturor."
    private_section = state_for(CompanyDetailsState, token=tokens[1], path="/billing")
    asyncio.run(private_section.load())
    assert not private_section.company and not private_section.on_agreement
