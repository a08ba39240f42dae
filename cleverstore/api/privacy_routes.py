"""HTTP routes for e-mail links, the data export and the local dev mailbox."""
from __future__ import annotations

from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cleverstore.api.html import language, linkify, page, t
from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.i18n import translate
from cleverstore.models import Account
from cleverstore.services.accounts import sessions, verification
from cleverstore.services.operations import mail_delivery
from cleverstore.services.privacy import export as data_export


def _redirect(path: str) -> RedirectResponse:
    response = RedirectResponse(path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _verify(token: str) -> bool:
    with session_scope() as db:
        return verification.verify(db, token) is not None


async def verify_email(request: Request) -> Response:
    """GET /auth/verify?token=…: the link in the verification e-mail."""
    ok = await run_in_threadpool(_verify, request.query_params.get("token", "")[:100])
    lang = language(request)
    key = "verify.done" if ok else "verify.dead_link"
    body = f'<p class="{"success" if ok else "error-summary"}">{t(key, lang)}</p>' \
           f'<p><a href="/login">{t("verify.continue", lang)}</a></p>'
    return page(translate("verify.title", lang), body, lang, 200 if ok else 400)


def _export(token: str) -> tuple[bytes, str] | None:
    with session_scope() as db:
        found = sessions.resolve(db, token)
        if found is None:
            return None
        account: Account = found[0]
        return data_export.build_export(db, account.id), data_export.export_filename(account)


async def export_data(request: Request) -> Response:
    """GET /privacy/export: the signed-in customer's own zip (works while the register is locked)."""
    result = await run_in_threadpool(_export, request.cookies.get(sessions.COOKIE_NAME, ""))
    if result is None:
        return _redirect("/login")
    data, filename = result
    return Response(data, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    })


def _mailbox_html(lang: str) -> str:
    with session_scope() as db:
        mails = mail_delivery.dev_mailbox(db)
    if not mails:
        return f"<p>{t('mailbox.empty', lang)}</p>"
    items = []
    for mail in mails:
        state = t("mailbox.sent", lang) if mail.sent_at else t("mailbox.queued", lang)
        items.append(
            f'<article class="panel mail"><h2>{escape(mail.subject)}</h2>'
            f'<p class="muted">{t("mailbox.to", lang)} {escape(mail.to_address)} · {state}</p>'
            f'<pre class="mail-body">{linkify(mail.body)}</pre></article>'
        )
    return f"<p class=\"muted\">{t('mailbox.lead', lang)}</p>" + "".join(items)


async def dev_mailbox(request: Request) -> Response:
    """GET /dev/mailbox: the mail the app would have sent (only without SMTP and never in production)."""
    settings = get_settings()
    if settings.is_production or settings.smtp_configured:
        return Response("Not Found", status_code=404)
    lang = language(request)
    return page(translate("mailbox.title", lang), await run_in_threadpool(_mailbox_html, lang), lang)
