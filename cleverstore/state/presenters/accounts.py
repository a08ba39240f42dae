"""The account pages' rows: profile values, sessions, devices, the activity log (no Reflex here)."""
from __future__ import annotations

from cleverstore.i18n import normalise_language, translate
from cleverstore.services.accounts import (
    FORMER_MEMBER,
    ActivityEntry,
    DeviceView,
    ProfileView,
    SessionView,
)
from cleverstore.services.shared import display_phone, local_text


def profile_values(view: ProfileView) -> dict[str, str]:
    return {
        "name": view.name,
        "email": view.email,
        "phone": display_phone(view.phone),
        "street": view.street,
        "postal_code": view.postal_code,
        "city": view.city,
        "org_number": view.org_number,
        "customer_number": view.customer_number,
        "kind": view.kind,
    }


def session_row(view: SessionView) -> dict[str, str]:
    return {"id": str(view.session_id), "device": view.device_label, "prefix": view.ip_prefix,
            "started": local_text(view.started), "last_seen": local_text(view.last_seen),
            "current": "yes" if view.current else ""}


def device_row(view: DeviceView) -> dict[str, str]:
    return {"id": str(view.device_id), "device": view.label or "?", "prefix": view.ip_prefix,
            "first_seen": local_text(view.first_seen), "last_seen": local_text(view.last_seen)}


def activity_row(entry: ActivityEntry, lang: str) -> dict[str, str]:
    lang = normalise_language(lang)
    who = translate("members.former", lang) if entry.member == FORMER_MEMBER else entry.member
    what = translate(f"activity.{entry.kind}", lang)
    return {"when": local_text(entry.created_at), "what": f"{who}: {what}" if who else what, "detail": entry.detail}


def recovery_file_text(codes: list[str], lang: str) -> str:
    """The recovery codes as the text file the customer downloads (one code a line)."""
    return "\n".join([translate("security.recovery_file_title", lang), "", *codes, ""])
