"""The emulator's hosted pages: checkout, customer portal and invoice (plain HTML, one small form each)."""
from __future__ import annotations

import html
from datetime import datetime, timezone
from urllib.parse import urlsplit

from stripe_emulator import customer_details

CARDS_HELP = (
    "<ul class='cards'><li><code>4242 4242 4242 4242</code> succeeds</li>"
    "<li><code>4000 0000 0000 9995</code> is declined</li>"
    "<li><code>4000 0000 0000 0341</code> succeeds now, fails at renewal</li></ul>"
)
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a2e}"
    "label{display:block;font-weight:600;margin-top:1rem}input{font-size:1.1rem;padding:.5rem;width:100%;box-sizing:border-box}"
    "button{margin-top:1rem;font-size:1.1rem;padding:.6rem 1.2rem;background:#635bff;color:#fff;border:0;border-radius:6px}"
    ".error{color:#b00020;font-weight:600}.note{background:#f3f0ff;padding:.5rem 1rem;border-radius:6px}"
    "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem;border-bottom:1px solid #ddd}"
)


def kronor(ore: int) -> str:
    return f"{ore / 100:,.2f}".replace(",", "\u00a0").replace(".", ",") + " kr"


def day(ts: int | None) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d") if ts else ""


def document(title: str, body: str) -> bytes:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><p class='note'>Stripe emulator · test mode</p>{body}</body></html>"
    ).encode()


def card_form(action: str, button: str, error: str = "") -> str:
    problem = f"<p class='error' role='alert'>{html.escape(error)}</p>" if error else ""
    return (
        f"<form method='post' action='{html.escape(action)}'>{problem}"
        "<label for='card'>Card number</label>"
        "<input id='card' name='card' inputmode='numeric' autocomplete='cc-number' required>"
        "<label for='exp'>Expiry (MM / YY)</label><input id='exp' name='exp' value='12 / 34'>"
        "<label for='cvc'>CVC</label><input id='cvc' name='cvc' value='123'>"
        f"<button type='submit'>{html.escape(button)}</button></form>{CARDS_HELP}"
    )


def checkout_page(cs: dict, plan_name: str, error: str = "") -> bytes:
    body = (
        f"<h1>Subscribe to {html.escape(plan_name)}</h1>"
        f"<p>{kronor(cs['amount'])} per year, VAT included</p>"
        + (f"<p class='submit-message'>{html.escape(cs['submit_message'])}</p>" if cs.get("submit_message") else "")
        + card_form(f"/checkout/{cs['id']}", "Subscribe", error)
        + f"<p><a href='{html.escape(cs['cancel_url'] or '/')}'>Back</a></p>"
    )
    return document("Checkout", body)


def expired_page(cs: dict) -> bytes:
    return document("Checkout", "<h1>This checkout session has expired</h1>"
                    f"<p><a href='{html.escape(cs['cancel_url'] or '/')}'>Back</a></p>")


def invoice_rows(invoices: list[dict]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(i['number'])}</td><td>{day(i['created'])}</td><td>{kronor(i['amount'])}</td>"
        f"<td>{i['status']}</td><td><a href='{html.escape(i['hosted_invoice_url'])}'>View</a></td></tr>"
        for i in invoices
    )
    return f"<table><tr><th>Invoice</th><th>Date</th><th>Amount</th><th>Status</th><th></th></tr>{rows}</table>"


def portal_page(portal: dict, subs: list[dict], card: dict | None, invoices: list[dict], message: str = "",
                error: str = "") -> bytes:
    lines = "".join(f"<p>Subscription: <strong>{s['status']}</strong>, renews {day(s['item']['current_period_end'])}</p>"
                    for s in subs)
    card_text = f"Card: •••• {card['card']['last4']} (expires {card['card']['exp_month']}/{card['card']['exp_year']})" if card else "No card on file"
    done = f"<p role='status'>{html.escape(message)}</p>" if message else ""
    body = (
        f"<h1>Billing</h1>{done}{lines}<p>{card_text}</p>"
        "<h2>Update card</h2>" + card_form(f"/portal/{portal['id']}", "Update card", error)
        + "<h2>Invoices</h2>" + invoice_rows(invoices)
        + f"<p><a href='{html.escape(portal['return_url'] or '/')}'>Return to CleverStore</a></p>"
    )
    return document("Billing portal", body)


def merchant_url(store, customer_id: str, webhook_url: str | None = None) -> str:
    """Where a hosted invoice page's "return to merchant" link goes: the app's /billing, on the host of the
    customer's newest checkout (its success URL), else of their newest portal session's return URL, else of
    the webhook target; "" when the emulator knows none."""
    def origin(url: str | None) -> str:
        parts = urlsplit(url or "")
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""

    newest = sorted((s for s in store.sessions.values() if s["customer"] == customer_id),
                    key=lambda s: s["created"], reverse=True)
    portals = sorted((p for p in store.portals.values() if p["customer"] == customer_id),
                     key=lambda p: p["created"], reverse=True)
    for url in [s["success_url"] for s in newest] + [p["return_url"] for p in portals] + [webhook_url]:
        if origin(url):
            return origin(url) + "/billing"
    return ""


def invoice_page(invoice: dict, error: str = "", return_url: str = "") -> bytes:
    pay = card_form(f"/invoice/{invoice['id']}", "Pay invoice", error) if invoice["status"] == "open" else ""
    due = f"<p>Due {day(invoice['due_date'])}</p>" if invoice["due_date"] else ""
    back = f"<p><a href='{html.escape(return_url)}'>Return to CleverStore</a></p>" if return_url else ""
    body = (
        f"<h1>Invoice {html.escape(invoice['number'])}</h1>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in customer_details.billed_to(invoice)) +
        f"<p>{html.escape(invoice['description'])}: {kronor(invoice['amount'])} (incl. 25 % VAT)</p>"
        f"<p>Period {day(invoice['period_start'])} – {day(invoice['period_end'])}</p>"
        f"<p>Status: <strong>{invoice['status']}</strong></p>{due}{pay}"
        f"<p><a href='/invoice/{invoice['id']}/pdf'>Download PDF</a></p>{back}"
    )
    return document("Invoice", body)


def invoice_pdf(invoice: dict) -> bytes:
    """A one-page PDF of the invoice (reportlab)."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 780
    for line in (f"Invoice {invoice['number']}", f"{invoice['description']}: {kronor(invoice['amount'])} incl. 25 % VAT",
                 f"Period {day(invoice['period_start'])} - {day(invoice['period_end'])}", f"Status: {invoice['status']}",
                 *customer_details.billed_to(invoice)):
        pdf.drawString(60, y, line)
        y -= 24
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
