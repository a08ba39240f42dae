"""Support threads, messages and support's access to the register, as the pages show them."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.shared import local_text
from cleverstore.services.support import AccessInfo, MessageInfo, ThreadInfo, ViewInfo

_when = local_text


def thread_row(thread: ThreadInfo, lang: str, *, for_admin: bool = False) -> dict[str, str]:
    """A thread's row (any object with a thread's fields will do)."""
    unread = thread.admin_unread if for_admin else thread.customer_unread
    return {"id": str(thread.id), "subject": thread.subject, "status": thread.status,
            "status_label": translate(f"support.status_{thread.status}", lang), "updated": _when(thread.updated_at),
            "unread": str(unread), "account_id": str(thread.account_id),
            "item_id": str(thread.item_id or ""), "item_name": thread.item_name,
            "item_link": _object_link(thread, for_admin)}


def _object_link(thread: ThreadInfo, for_admin: bool) -> str:
    """Where the thread's object opens: the customer's own object page, or for support the customer's
    register (shown only while the customer's grant is live: the page itself checks it)."""
    if thread.item_id is None:
        return ""
    if for_admin:
        return f"/admin/support/register?thread={thread.id}&item={thread.item_id}"
    return f"/object?id={thread.item_id}"


def message_rows(messages: list[MessageInfo] | tuple[MessageInfo, ...], lang: str, *,
                 customer_name: str = "") -> list[dict[str, str]]:
    """Each message headed by who wrote it. The customer reads "Du" and "CleverStore"; support (given
    `customer_name`) reads the customer's name and "CleverStore support"."""
    if customer_name:
        def writer(m: MessageInfo) -> str:
            return translate("support.from_support", lang) if m.from_admin else customer_name
    else:
        def writer(m: MessageInfo) -> str:
            return translate("support.from_cleverstore" if m.from_admin else "support.from_you", lang)
    return [{"id": str(m.id), "from": writer(m), "from_admin": "yes" if m.from_admin else "",
             "when": _when(m.created_at), "body": m.body}
            for m in messages]


def access_summary(access: AccessInfo, lang: str) -> dict[str, str]:
    """What the customer is told about support's access on this thread, and which button fits."""
    if access.state == "live":
        text = translate("support_access.live", lang, until=_when(access.when))
    elif access.state in ("withdrawn", "closed"):
        text = translate(f"support_access.ended_{access.state}", lang, when=_when(access.when))
    elif access.state == "expired":
        text = translate("support_access.ended_expired", lang, when=_when(access.when))
    else:
        text = translate("support_access.none", lang)
    return {"live": "1" if access.state == "live" else "", "text": text, "can_give": "1" if access.can_give else ""}


def view_rows(views: tuple[ViewInfo, ...], lang: str) -> list[dict[str, str]]:
    """Every look support took: when, who (staff stay "Support" to the customer) and what."""
    who = translate("support_access.who_support", lang)
    return [{"id": str(v.id), "when": _when(v.created_at), "who": who, "what": v.detail} for v in views]
