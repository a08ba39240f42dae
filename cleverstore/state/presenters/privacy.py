"""The "My data" page's rows: the heir contacts and the claims about the customer."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.heirs import ClaimAbout, LegacyContactInfo


def contact_row(contact: LegacyContactInfo) -> dict[str, str]:
    return {"id": str(contact.id), "name": contact.name, "email": contact.email, "relation": contact.relation}


def claim_row(claim: ClaimAbout, lang: str) -> dict[str, str]:
    return {"id": str(claim.id), "reference": claim.reference, "claimant": claim.claimant_name,
            "reason": translate(f"privacy.claim_reason_{claim.reason}", lang),
            "status": translate(f"privacy.claim_status_{claim.status}", lang),
            "can_object": "yes" if claim.can_object else ""}
