"""Rows of the sharing page: members, open invitations, registers shared with the caller (no Reflex here)."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.members import Invite, InviteFor, Member, SharedRegister
from cleverstore.services.shared import local_text


def member_row(member: Member, lang: str) -> dict[str, str]:
    seen = local_text(member.last_active_at) if member.last_active_at else translate("members.never_active", lang)
    return {"id": str(member.person_id), "name": member.name, "email": member.email, "role": member.role,
            "role_text": translate(f"members.role.{member.role}", lang),
            "joined": local_text(member.joined_at, date_only=True), "last_active": seen}


def invite_row(invite: Invite, lang: str) -> dict[str, str]:
    return {"id": str(invite.id), "email": invite.email, "role_text": translate(f"members.role.{invite.role}", lang),
            "expires": local_text(invite.expires_at, date_only=True)}


def shared_row(shared: SharedRegister, lang: str) -> dict[str, str]:
    return {"id": str(shared.register_id), "owner": shared.owner_name,
            "role_text": translate(f"members.role.{shared.role}", lang), "open": "yes" if shared.open else "",
            "closed_text": "" if shared.open else translate("members.closed", lang, owner=shared.owner_name)}


def invite_for_row(invite: InviteFor, lang: str) -> dict[str, str]:
    return {"id": str(invite.id), "text": translate("members.invited_you", lang, owner=invite.owner_name,
                                                    role=translate(f"members.role.{invite.role}", lang).lower())}
