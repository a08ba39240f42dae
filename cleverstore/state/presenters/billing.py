"""Plans, invoices and the stored card as the landing page and the billing page show them."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.billing import BillingOverview, InvoiceLine, PlanOffer, PlanUsage
from cleverstore.services.shared import format_ore


def plan_card(plan: PlanOffer) -> dict:
    """One plan with its texts in both languages (the language switch needs no reload)."""
    return {
        "code": plan.code,
        "name": plan.name,
        "buyable": plan.buyable,
        "price_sv": plan_price(plan.yearly_price_ore, "sv"),
        "price_en": plan_price(plan.yearly_price_ore, "en"),
        "features_sv": limit_lines(plan, "sv") + [translate(k, "sv") for k in plan.feature_keys],
        "features_en": limit_lines(plan, "en") + [translate(k, "en") for k in plan.feature_keys],
    }


def count_text(count: int, lang: str) -> str:
    """'1 000' (a no-break space) in Swedish, '1,000' in English."""
    return f"{count:,}".replace(",", "\u00a0") if lang == "sv" else f"{count:,}"


def size_text(size: int, lang: str) -> str:
    """Bytes as the plans page says them: '5 GB', '812 MB', '0,4 GB' (binary units, as the limits are set)."""
    for unit, step in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if size >= step or unit == "kB":
            value = size / step
            text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
            return f"{text.replace('.', ',') if lang == 'sv' else text}\u00a0{unit}"
    return f"{size}\u00a0B"  # not reached


def limit_lines(plan: PlanOffer, lang: str) -> list[str]:
    """The plan's limits in words, written from the figures on the plan (not from fixed texts)."""
    lines = [translate("plan.limit.objects", lang, count=count_text(plan.max_objects, lang))
             if plan.max_objects is not None else translate("plan.limit.objects_unlimited", lang)]
    if plan.max_stored_bytes is not None:
        lines.append(translate("plan.limit.storage", lang, size=size_text(plan.max_stored_bytes, lang)))
    if plan.max_members is None:
        lines.append(translate("plan.limit.members_by_agreement", lang))
    elif plan.max_members == 1:
        lines.append(translate("plan.limit.member_one", lang))
    else:
        lines.append(translate("plan.limit.members", lang, count=count_text(plan.max_members, lang)))
    if plan.claim_pack:
        lines.append(translate("plan.limit.claim_pack", lang))
    if plan.qr_labels:
        lines.append(translate("plan.limit.qr_labels", lang))
    return lines


def usage_lines(usage: PlanUsage, lang: str) -> list[str]:
    """'Du använder 812 av 1 000 föremål' and the storage the same way."""
    used = count_text(usage.objects, lang)
    lines = [translate("limit.objects_used", lang, used=used, max=count_text(usage.max_objects, lang))
             if usage.max_objects is not None else translate("limit.objects_used_unlimited", lang, used=used)]
    if usage.max_stored_bytes is not None:
        lines.append(translate("limit.storage_used", lang, used=size_text(usage.stored_bytes, lang),
                               max=size_text(usage.max_stored_bytes, lang)))
    return lines


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
