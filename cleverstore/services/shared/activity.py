"""The activity log: one call records what happened; the customer can read it back."""
from __future__ import annotations

from sqlmodel import Session, select

from cleverstore.models import ActivityEvent
from cleverstore.services.shared.actors import current_member

# Kinds in use; their texts live in the i18n catalogues as "activity.<kind>".
KINDS = (
    "login", "logout", "signup", "profile_changed", "email_changed", "password_changed",
    "item_created", "item_updated", "item_deleted", "support_opened",
    "item_checked_still_here", "item_checked_moved", "item_checked_gone", "item_checked_new_photo",
    "support_access_granted", "support_access_withdrawn", "support_access_viewed",
    "report_register", "report_labels", "report_claim",
    "email_verified", "password_reset", "totp_enabled", "totp_disabled", "recovery_code_used", "new_device",
    "session_ended", "device_forgotten", "terms_accepted", "data_exported", "consent_on", "consent_off",
    "erasure_requested", "erasure_cancelled", "legacy_contact_added", "legacy_contact_removed",
    "heir_claim_submitted", "heir_claim_proposed", "heir_claim_approved", "heir_claim_rejected",
    "heir_claim_objected", "heir_document_viewed", "heir_view",
    "subscription_paid", "payment_received", "payment_failed", "subscription_ended", "cancellation_requested",
    "payment_unpaid", "subscription_locked", "purchase_withdrawn",
    "cancellation_withdrawn", "invoice_terms_set", "superpro_requested", "company_details_saved",
    "plan_upgraded", "plan_downgrade_scheduled", "plan_downgrade_withdrawn",
    "file_added", "register_imported", "register_import_checked", "register_exported",
    "bulk_moved", "bulk_tagged", "bulk_status", "bulk_deleted", "bulk_undone",
    "company_register_added", "company_register_removed", "register_switched",
    "verification_resent", "second_factor_removal_asked", "second_factor_removal_confirmed",
    "second_factor_removal_stopped", "second_factor_removed",
    "member_invited", "member_joined", "member_role_changed", "member_removed", "member_left",
)


def record(db: Session, account_id: int, kind: str, detail: str = "") -> ActivityEvent:
    """Add one entry. `detail` is short, plain text (an object's name, a report id). Work a household
    member does in the register is logged with their id (shown by name; "former member" once erased)."""
    member = current_member()
    event = ActivityEvent(account_id=account_id, kind=kind[:40], detail=detail[:500],
                          actor_id=member if member != account_id else None)
    db.add(event)
    db.flush()
    return event


def recent(db: Session, account_id: int, limit: int = 50, offset: int = 0) -> list[ActivityEvent]:
    statement = (
        select(ActivityEvent)
        .where(ActivityEvent.account_id == account_id)
        .order_by(ActivityEvent.created_at.desc(), ActivityEvent.id.desc())
        .offset(offset)
        .limit(min(limit, 200))
    )
    return list(db.exec(statement).all())


def count(db: Session, account_id: int) -> int:
    from sqlalchemy import func

    return db.exec(select(func.count()).select_from(ActivityEvent).where(ActivityEvent.account_id == account_id)).one()
