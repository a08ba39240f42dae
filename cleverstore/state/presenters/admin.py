"""Row dicts for the admin pages: translated and formatted from what the admin actions return (no Reflex)."""
from __future__ import annotations

from cleverstore.i18n import CATALOGUES, normalise_language, translate
from cleverstore.services.shared import display_phone, format_ore, local_text


def _t(key: str, lang: str, **values: object) -> str:
    return translate(key, normalise_language(lang), **values)


# ---- customers ---------------------------------------------------------------------------------------------

def customer_rows(rows, lang: str, plan_states=None) -> list[dict[str, str]]:
    """The search result (admin.CustomerSummary rows) with plan and state (billing.CustomerPlanState by id)."""
    plan_states = plan_states or {}

    def state(a) -> str:
        known = plan_states.get(a.id)
        if known is not None:
            return known.state
        return _t("admin.suspended", lang) if a.suspended else _t("admin.active", lang)

    return [{"id": str(a.id), "customer_number": a.customer_number, "name": a.name, "email": a.email,
             "kind": _t(f"signup.kind_{a.kind}", lang), "org_number": a.org_number,
             "plan": (plan_states[a.id].plan_name if a.id in plan_states else "") or "–",
             "status": state(a), "created": local_text(a.created_at)} for a in rows]


def customer_card(detail, billing, lang: str) -> dict[str, str]:
    """One customer's overview (admin.CustomerDetail) with the subscription (billing.CustomerBilling or None)."""
    return {
        "id": str(detail.id), "customer_number": detail.customer_number, "name": detail.name,
        "email": detail.email, "phone": display_phone(detail.phone),
        "address": f"{detail.street}, {detail.postal_code} {detail.city}",
        "kind": _t(f"signup.kind_{detail.kind}", lang), "org_number": detail.org_number,
        "created": local_text(detail.created_at),
        "terms": f"{detail.terms_version} ({local_text(detail.terms_accepted_at)})",
        "objects": str(detail.object_count), "sessions": str(detail.live_sessions),
        "suspended_at": local_text(detail.suspended_at), "suspension_reason": detail.suspension_reason,
        "plan": (billing.plan_name or billing.plan_code or "–") if billing else "–",
        "subscription": billing.state if billing else _t("admin.no_subscription", lang),
        "period_end": local_text(billing.current_period_end) if billing else "",
        "collection": _t("admin.by_invoice", lang) if billing and billing.by_invoice else _t("admin.by_card", lang),
        "devices": ", ".join(f"{d.label} ({local_text(d.last_seen_at)})" for d in detail.devices[:10]) or "–",
    }


def activity_rows(events, lang: str) -> list[dict[str, str]]:
    return [{"when": local_text(e.created_at), "what": translate(f"activity.{e.kind}", lang), "detail": e.detail}
            for e in events]


def grant_text(expires_at, lang: str) -> str:
    """"The customer lets support read the register until …" (or "" without a live grant)."""
    return _t("support_access.admin_live", lang, until=local_text(expires_at)) if expires_at else ""


# ---- agreements, heir claims ---------------------------------------------------------------------------------

def superpro_request_rows(requests) -> list[dict[str, str]]:
    return [{"id": str(r.id), "customer": f"{r.customer_name} ({r.customer_number})",
             "customer_id": str(r.account_id), "companies": str(r.company_count), "message": r.message,
             "created": local_text(r.created_at)} for r in requests]


def plan_price_rows(plans, lang: str) -> list[dict[str, str]]:
    return [{"code": p.code, "name": p.name, "price": format_ore(p.yearly_price_ore, lang)
             if p.yearly_price_ore is not None else _t("plan.contact_us", lang)} for p in plans]


def heir_claim_rows(claims, admin_id: int, lang: str) -> list[dict[str, str]]:
    return [{
        "id": str(c.id), "reference": c.reference, "owner": f"{c.owner_name} ({c.owner_number})",
        "claimant": f"{c.claimant_name} <{c.claimant_email}>", "reason": _t(f"admin.heir_reason_{c.reason}", lang),
        "status": c.status, "message": c.message, "created": local_text(c.created_at),
        "proposed_by_me": "yes" if c.proposed_by == admin_id else "",
        "named_contact": _t("admin.heir_named_contact_yes" if c.named_contact else "admin.heir_named_contact_no", lang),
        "proposal_note": c.proposal_note,
        "opens_at": local_text(c.opens_at) if c.opens_at else "",
    } for c in claims]


def claim_document_rows(documents) -> list[dict[str, str]]:
    return [{"claim_id": str(d.claim_id), "id": str(d.id), "kind": d.kind, "name": d.filename,
             "url": f"/admin/heir-document/{d.id}"} for d in documents]


def misuse_signal_rows(signals, lang: str) -> list[dict[str, str]]:
    return [{"kind": _t(f"admin.signal_{s.kind}", lang), "key": s.key, "count": str(s.count)} for s in signals]


# ---- company registers, site -----------------------------------------------------------------------------------

def company_register_rows(rows, lang: str) -> list[dict[str, str]]:
    return [{"id": str(r.register_id), "name": r.name, "org_number": r.org_number, "objects": str(r.objects),
             "archived": "1" if r.archived else "",
             "status": _t("companies.archived" if r.archived else "companies.in_use", lang)} for r in rows]


def statistics_figures(stats, lang: str) -> dict[str, str]:
    return {
        "customers": str(stats.customers_total), "suspended": str(stats.customers_suspended),
        "objects": str(stats.objects_total), "value": format_ore(stats.register_value_ore, lang),
        "not_counted": _t("worth.not_counted", lang, count=stats.objects_not_counted)
        if stats.objects_not_counted else "",
        "support_open": str(stats.support_open), "arr": format_ore(stats.yearly_recurring_revenue_ore, lang),
    }


def plan_status_rows(stats, lang: str) -> list[dict[str, str]]:
    return [{"plan": plan or "–", "status": _t(f"billing.status.{status}", lang)
             if f"billing.status.{status}" in CATALOGUES["sv"] else status, "count": str(count)}
            for plan, status, count in stats.customers_by_plan_status]


def monthly_rows(stats) -> list[dict[str, str | int]]:
    return [{"month": new[0], "new": new[1], "cancelled": cancelled[1], "failed": failed[1], "reports": reports[1]}
            for new, cancelled, failed, reports in zip(stats.new_customers_by_month, stats.cancelled_by_month,
                                                       stats.failed_payments_by_month, stats.reports_by_month)]


def count_rows(pairs) -> list[dict[str, str | int]]:
    """(month, count) pairs as chart rows."""
    return [{"month": month, "count": count} for month, count in pairs]


def kind_count_rows(stats, lang: str) -> list[dict[str, str | int]]:
    """Customers by kind (private, company …), translated, in a fixed order."""
    return [{"kind": _t(f"signup.kind_{kind}", lang), "count": count}
            for kind, count in sorted(stats.customers_by_kind.items())]


def event_rows(stats, lang: str) -> list[dict[str, str]]:
    return [{"kind": _t(f"activity.{kind}", lang), "count": str(count)}
            for kind, count in sorted(stats.events_by_kind.items())]


def audit_rows(entries, lang: str = "sv") -> list[dict[str, str]]:
    """What happened in words, who did it (the admin's address) and to whom (the customer by name)."""
    def what(e) -> str:
        key = f"audit.action.{e.action}"
        return _t(key, lang) if key in CATALOGUES["sv"] else e.action.replace("_", " ").capitalize()

    def target(e) -> str:
        if e.target_name:
            return e.target_name
        key = f"audit.target.{e.target_type}"
        return _t(key, lang, id=e.target_id) if key in CATALOGUES["sv"] else f"{e.target_type} {e.target_id}".strip()

    return [{"when": local_text(e.created_at, seconds=True), "admin": e.admin_name or _t("audit.system", lang),
             "action": what(e), "target": target(e), "reason": e.reason} for e in entries]


def help_lines(help_, lang: str) -> dict[str, str]:
    """The customer page's help box (admin.CustomerHelp): the address, the second factor, a removal under way."""
    stage = help_.removal_stage
    return {
        "email": _t("customer_help.email_verified_yes" if help_.email_verified
                    else "customer_help.email_verified_no", lang),
        "email_verified": "1" if help_.email_verified else "",
        "second_factor": _t("customer_help.second_factor_on" if help_.two_factor_on
                            else "customer_help.second_factor_off", lang),
        "second_factor_on": "1" if help_.two_factor_on else "",
        "stage": stage,
        "stage_text": _t(f"customer_help.removal_stage_{stage}", lang, admin=help_.requested_by_name or "–",
                         when=local_text(help_.removes_at)) if stage else "",
    }
