"""HTTP routes for e-mail links, the data export and the local dev mailbox."""
from __future__ import annotations

from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cleverstore.api.guard import register_caller
from cleverstore.api.html import language, linkify, page, t
from cleverstore.i18n import translate
from cleverstore.services.accounts import verify_email as confirm_address
from cleverstore.services.operations import (
    MailboxMessage,
    dev_mailbox_messages,
    dev_mailbox_offered,
)
from cleverstore.services.privacy import export_my_data
from cleverstore.services.shared import ValidationFailed


def _redirect(path: str) -> RedirectResponse:
    response = RedirectResponse(path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


async def verify_email(request: Request) -> Response:
    """GET /auth/verify?token=…: the link in the verification e-mail."""
    ok = await run_in_threadpool(confirm_address, request.query_params.get("token", "")[:100])
    lang = language(request)
    key = "verify.done" if ok else "verify.dead_link"
    body = f'<p class="{"success" if ok else "error-summary"}">{t(key, lang)}</p>' \
           f'<p><a class="link-target" href="/login">{t("verify.continue", lang)}</a></p>'
    return page(translate("verify.title", lang), body, lang, 200 if ok else 400)


async def export_data(request: Request) -> Response:
    """GET /privacy/export: the signed-in customer's own zip (works while the register is locked)."""
    caller = await run_in_threadpool(register_caller, request, require_open=False)
    if caller is None:
        return _redirect("/login")
    try:
        export = await run_in_threadpool(export_my_data, caller.person_account_id)
    except ValidationFailed as refused:
        lang = language(request)
        return page(translate("privacy.export", lang), f'<p role="alert">{t(refused.errors["job"], lang)}</p>'
                    f'<p><a href="/privacy">{t("privacy.back_to_my_data", lang)}</a></p>', lang, status=429)
    return Response(export.content, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{export.filename}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    })


def _mailbox_html(mails: list[MailboxMessage], lang: str) -> str:
    if not mails:
        return f"<p>{t('mailbox.empty', lang)}</p><p class=\"muted\">{t('mailbox.local_only', lang)}</p>"
    items = []
    for mail in mails:
        state = t("mailbox.sent", lang) if mail.sent else t("mailbox.queued", lang)
        items.append(
            f'<article class="panel mail"><h2>{escape(mail.subject)}</h2>'
            f'<p class="muted">{t("mailbox.to", lang)} {escape(mail.to_address)} · {state}</p>'
            f'<pre class="mail-body">{linkify(mail.body)}</pre></article>'
        )
    return f"<p class=\"muted\">{t('mailbox.lead', lang)} {t('mailbox.local_only', lang)}</p>" + "".join(items)


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def _from_this_computer(request: Request) -> bool:
    """A request from the loopback interface, addressed to a loopback name, not passed on by a proxy.

    The address alone is not enough: a proxy on the same machine (or a DNS-rebound name in a
    browser) arrives from 127.0.0.1 too.
    """
    client = request.client.host if request.client else ""
    host = (request.url.hostname or "").strip("[]").lower()
    return (client in LOOPBACK_HOSTS and host in LOOPBACK_HOSTS
            and not any(name in request.headers for name in FORWARDING_HEADERS))


async def dev_mailbox(request: Request) -> Response:
    """GET /dev/mailbox: the mail the app would have sent, reset links included: only in development,
    without SMTP, and only to a request from this computer."""
    if not dev_mailbox_offered() or not _from_this_computer(request):
        return Response("Not Found", status_code=404)
    lang = language(request)
    mails = await run_in_threadpool(dev_mailbox_messages)
    return page(translate("mailbox.title", lang), _mailbox_html(mails, lang), lang)
