"""A customer's insurance policies: the form's rules, saving, deleting, and which places a policy covers.

Every refusal is a field → message key in `ValidationFailed`, raised before anything is written. A policy
id or place id that is not this customer's is `NotFound` (the same answer as a missing one).
"""
from __future__ import annotations

from sqlmodel import Session, select

from cleverstore.models import InsurancePolicy, Item, Location
from cleverstore.models.base import utcnow
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import parse_kronor
from cleverstore.services.shared.validation import FieldError, clean_date, clean_text

KINDS = ("home", "villa", "holiday_home", "business", "allrisk")
ALLRISK = "allrisk"  # separate item cover: it covers the objects put on it, not places
MAX_POLICIES = 50


def _amount(values: dict, field: str, errors: dict, *, required: bool = False) -> int | None:
    try:
        ore = parse_kronor(str(values.get(field) or ""))
    except ValueError:
        errors[field] = "insurance.amount_invalid"
        return None
    if ore is None and required:
        errors[field] = "insurance.amount_required"
    return ore


def _text(values: dict, field: str, errors: dict, *, max_length: int, required: bool = False) -> str:
    try:
        return clean_text(values.get(field), max_length=max_length, required=required)
    except FieldError as refused:
        errors[field] = refused.key
        return ""


def _percent(values: dict, errors: dict) -> int | None:
    text = str(values.get("theft_limit_percent") or "").strip().rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = -1
    if not text.replace(".", "", 1).isdigit() or number != int(number) or not 1 <= number <= 100:
        errors["theft_limit_percent"] = "insurance.percent_invalid"
        return None
    return int(number)


def clean_policy(values: dict) -> dict:
    """The form's values as columns, or ValidationFailed naming every refused field."""
    errors: dict[str, str] = {}
    cleaned = {
        "company": _text(values, "company", errors, max_length=120, required=True),
        "policy_number": _text(values, "policy_number", errors, max_length=60),
        "kind": str(values.get("kind") or ""),
        "contents_sum_ore": _amount(values, "contents_sum", errors, required=True),
        "theft_limit_ore": _amount(values, "theft_limit", errors),
        "theft_limit_percent": _percent(values, errors),
        "single_item_limit_ore": _amount(values, "single_item_limit", errors),
        "excess_ore": _amount(values, "excess", errors),
    }
    if cleaned["kind"] not in KINDS:
        errors["kind"] = "insurance.kind_invalid"
    if cleaned["theft_limit_ore"] is not None and cleaned["theft_limit_percent"] is not None:
        errors["theft_limit"] = "insurance.theft_limit_twice"
    try:
        cleaned["renews_on"] = clean_date(values.get("renews_on"))
    except FieldError as refused:
        errors["renews_on"] = refused.key
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def get_policy(db: Session, account_id: int, policy_id: object) -> InsurancePolicy:
    try:
        wanted = int(str(policy_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    found = db.exec(select(InsurancePolicy).where(InsurancePolicy.id == wanted,
                                                  InsurancePolicy.account_id == account_id)).first()
    if found is None:
        raise NotFound()
    return found


def policies_of(db: Session, account_id: int) -> list[InsurancePolicy]:
    return list(db.exec(select(InsurancePolicy).where(InsurancePolicy.account_id == account_id)
                        .order_by(InsurancePolicy.company, InsurancePolicy.id)).all())


def _owned_place_ids(db: Session, account_id: int, place_ids: list[object]) -> set[int]:
    wanted: set[int] = set()
    for raw in place_ids:
        try:
            wanted.add(int(str(raw)))
        except (TypeError, ValueError):
            raise NotFound() from None
    if not wanted:
        return set()
    found = set(db.exec(select(Location.id).where(Location.account_id == account_id,
                                                  Location.id.in_(wanted))).all())
    if found != wanted:
        raise NotFound()
    return found


def save_policy(db: Session, account_id: int, values: dict, policy_id: object = None,
                place_ids: list[object] | None = None) -> InsurancePolicy:
    """Add or change a policy; `place_ids` (when given) are the places it covers from now on (an allrisk
    policy covers no places: its objects are put on it one by one)."""
    cleaned = clean_policy(values)
    places = _owned_place_ids(db, account_id, place_ids or [])
    if policy_id:
        policy = get_policy(db, account_id, policy_id)
    else:
        if len(policies_of(db, account_id)) >= MAX_POLICIES:
            raise ValidationFailed({"company": "insurance.too_many"})
        policy = InsurancePolicy(account_id=account_id, **cleaned)
    for column, value in cleaned.items():
        setattr(policy, column, value)
    policy.updated_at = utcnow()
    db.add(policy)
    db.flush()
    if place_ids is not None:
        _cover_places(db, account_id, policy, set() if policy.kind == ALLRISK else places)
    activity.record(db, account_id, "policy_saved", f"{policy.company} {policy.policy_number}".strip())
    return policy


def _cover_places(db: Session, account_id: int, policy: InsurancePolicy, places: set[int]) -> None:
    for place in db.exec(select(Location).where(Location.account_id == account_id)).all():
        if place.id in places:
            place.policy_id = policy.id
        elif place.policy_id == policy.id:
            place.policy_id = None
        db.add(place)


def delete_policy(db: Session, account_id: int, policy_id: object) -> list[str]:
    """Delete a policy; its places and objects fall back to what covers them otherwise. Returns the stored
    document names to delete once the deletion commits."""
    policy = get_policy(db, account_id, policy_id)
    for row in db.exec(select(Location).where(Location.account_id == account_id,
                                              Location.policy_id == policy.id)).all():
        row.policy_id = None
        db.add(row)
    for row in db.exec(select(Item).where(Item.account_id == account_id, Item.policy_id == policy.id)).all():
        row.policy_id = None
        db.add(row)
    names = [policy.document_name] if policy.document_name else []
    activity.record(db, account_id, "policy_deleted", f"{policy.company} {policy.policy_number}".strip())
    db.delete(policy)
    return names


def put_on_cover(db: Session, account_id: int, item_id: object, policy_id: object) -> None:
    """Put an object on a separate item cover (an allrisk policy), or take it off (`policy_id` empty)."""
    try:
        wanted = int(str(item_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    item = db.exec(select(Item).where(Item.id == wanted, Item.account_id == account_id)).first()
    if item is None:
        raise NotFound()
    if policy_id in (None, ""):
        item.policy_id = None
    else:
        policy = get_policy(db, account_id, policy_id)
        if policy.kind != ALLRISK:
            raise ValidationFailed({"policy": "insurance.not_allrisk"})
        item.policy_id = policy.id
    db.add(item)

