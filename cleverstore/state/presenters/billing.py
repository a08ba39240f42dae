"""Plans, invoices and the stored card as the landing page and the billing page show them."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.billing import BillingOverview, InvoiceLine, PlanOffer
from cleverstore.services.shared import format_ore


def plan_card(plan: PlanOffer) -> dict:
    """One plan with its texts in both languages (the language switch needs no reload)."""
    return {
        "code": plan.code,
        "name": plan.name,
        "buyable": plan.buyable,
        "price_sv": plan_price(plan.yearly_price_ore, "sv"),
        "price_en": plan_price(plan.yearly_price_ore, "en"),
        "features_sv": [translate(k, "sv") for k in plan.feature_keys],
        "features_en": [translate(k, "en") for k in plan.feature_keys],
    }


def plan_price(ore: int | None, lang: str) -> str:
    """'495 kr per år' for whole kronor, '544,50 kr per år' otherwise; "contact us" without a price."""
    if ore is None:
        return translate("plan.contact_us", lang)
    if ore % 100 == 0:
        kronor = ore // 100
        return translate("plan.per_year", lang, sv_price=f"{kronor:,}".replace(",", "\u00a0"), en_price=f"{kronor:,}")
    amount = format_ore(ore, lang)
    return translate("billing.price_per_year", lang, price=amount)


def card_label(overview: BillingOverview) -> str:
    """'Visa •••• 4242 (04/27)', or empty without a stored card."""
    if not overview.card_last4:
        return ""
    return (f"{overview.card_brand.capitalize()} •••• {overview.card_last4} "
            f"({overview.card_exp_month:02d}/{overview.card_exp_year})")


def invoice_row(line: InvoiceLine, lang: str) -> dict[str, str]:
    return {"number": line.number, "date": line.created.date().isoformat(),
            "amount": format_ore(line.amount_ore, lang),
            "status": translate(f"billing.invoice_status.{line.status}", lang), "open": "1" if line.status == "open" else "",
            "hosted_url": line.hosted_url, "pdf_url": line.pdf_url}
