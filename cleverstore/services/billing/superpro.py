"""Requests for the SuperPro plan: stored for the admins, who set up the agreement."""
from __future__ import annotations

from sqlmodel import Session, select

from cleverstore.models import SuperProRequest
from cleverstore.models.base import utcnow
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_int, clean_text

MAX_COMPANIES = 500


def submit_request(db: Session, account_id: int, form: dict) -> SuperProRequest:
    errors: dict[str, str] = {}
    companies = 0
    message = ""
    try:
        companies = clean_int(form.get("company_count"), minimum=2, maximum=MAX_COMPANIES)
    except FieldError as exc:
        errors["company_count"] = "error.company_count" if exc.key == "error.number_range" else exc.key
    try:
        message = clean_text(form.get("message"), max_length=2000, required=True, multiline=True)
    except FieldError as exc:
        errors["message"] = exc.key
    if errors:
        raise ValidationFailed(errors)
    request = SuperProRequest(account_id=account_id, company_count=companies, message=message)
    db.add(request)
    activity.record(db, account_id, "superpro_requested", str(companies))
    db.flush()
    return request


def open_requests(db: Session) -> list[SuperProRequest]:
    """Unhandled requests, oldest first (the admin list)."""
    statement = select(SuperProRequest).where(SuperProRequest.handled_at == None).order_by(  # noqa: E711
        SuperProRequest.created_at, SuperProRequest.id)
    return list(db.exec(statement).all())


def mark_handled(db: Session, request_id: int) -> SuperProRequest:
    request = db.get(SuperProRequest, int(request_id))
    if request is None:
        raise NotFound()
    request.handled_at = request.handled_at or utcnow()
    db.add(request)
    db.flush()
    return request


def requests_of(db: Session, account_id: int) -> list[SuperProRequest]:
    statement = select(SuperProRequest).where(SuperProRequest.account_id == account_id).order_by(
        SuperProRequest.created_at.desc())
    return list(db.exec(statement).all())
