"""Sign-up, authentication and profile changes of customer accounts."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from cleverstore.models import Account, AccountKind
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import (
    email_tokens,
    passwords,
    throttle,
    verification,
)
from cleverstore.services.accounts.terms import current_terms_version
from cleverstore.services.shared import activity, notices
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import (
    FieldError,
    clean_email,
    clean_org_number,
    clean_phone,
    clean_postal_code,
    clean_text,
)

CUSTOMER_NUMBER_OFFSET = 100_000
# At most this many "someone tried to sign up with your address" mails per account in the throttling window.
TAKEN_MAILS_PER_WINDOW = 3


@dataclass
class ProfileInput:
    name: str
    phone: str
    street: str
    postal_code: str
    city: str


def _collect(errors: dict[str, str], field: str, func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except FieldError as exc:
        errors[field] = exc.key
        return None


def _clean_profile(form: dict, errors: dict[str, str]) -> ProfileInput:
    return ProfileInput(
        name=_collect(errors, "name", clean_text, form.get("name"), max_length=200, required=True),
        phone=_collect(errors, "phone", clean_phone, form.get("phone")),
        street=_collect(errors, "street", clean_text, form.get("street"), max_length=200, required=True),
        postal_code=_collect(errors, "postal_code", clean_postal_code, form.get("postal_code")),
        city=_collect(errors, "city", clean_text, form.get("city"), max_length=100, required=True),
    )


def email_taken(db: Session, email: str, *, except_id: int | None = None) -> bool:
    query = select(Account.id).where(Account.email == email)
    if except_id is not None:
        query = query.where(Account.id != except_id)
    return db.exec(query).first() is not None


def sign_up(db: Session, form: dict) -> Account | None:
    """Validate everything at once (all messages shown together), then create an account to be activated.

    A registered address is not revealed: the caller shows "check your e-mail" in both
    cases, and both do the same bcrypt work and queue one mail. For a taken address
    nothing is created or changed and the owner is told (None); a new account gets its
    verification link and cannot log in before the link is used.
    """
    errors: dict[str, str] = {}
    kind = str(form.get("kind") or "")
    if kind not in (AccountKind.PRIVATE.value, AccountKind.COMPANY.value):
        errors["kind"] = "error.choose_kind"
    profile = _clean_profile(form, errors)
    email = _collect(errors, "email", clean_email, form.get("email"))
    org_number = None
    if kind == AccountKind.COMPANY.value:
        org_number = _collect(errors, "org_number", clean_org_number, form.get("org_number"))
    password = str(form.get("password") or "")
    problem = passwords.password_problem(password, email=email or "", name=profile.name or "")
    if problem:
        errors["password"] = problem
    elif password != str(form.get("password_repeat") or ""):
        errors["password_repeat"] = "error.password_mismatch"
    if not _truthy(form.get("accept_terms")):
        errors["accept_terms"] = "error.accept_terms"
    if errors:
        raise ValidationFailed(errors)
    password_hash = passwords.hash_password(password)  # also for a taken address: the same time either way
    existing = find_by_email(db, email)
    if existing is not None:
        _tell_owner_about_sign_up(db, existing)
        return None
    now = utcnow()
    account = Account(
        kind=kind,
        name=profile.name,
        email=email,
        password_hash=password_hash,
        phone=profile.phone,
        street=profile.street,
        postal_code=profile.postal_code,
        city=profile.city,
        org_number=org_number,
        language="en" if form.get("language") == "en" else "sv",
        terms_version=current_terms_version(),
        terms_accepted_at=now,
    )
    db.add(account)
    db.flush()
    account.customer_number = f"{CUSTOMER_NUMBER_OFFSET + account.id}"
    db.add(account)
    db.flush()
    activity.record(db, account.id, "signup", f"terms {account.terms_version}")
    verification.send_verification(db, account)
    return account


def _tell_owner_about_sign_up(db: Session, owner: Account) -> None:
    """Someone signed up with a registered address: tell its owner (in their language), a few times per window."""
    if throttle.too_many(db, "signup-taken-mail", str(owner.id), TAKEN_MAILS_PER_WINDOW):
        return
    throttle.note(db, "signup-taken-mail", str(owner.id))
    notices.send(db, owner, "signup_taken", login=notices.link("/login"), reset=notices.link("/forgot"))


def _truthy(value: object) -> bool:
    return str(value).lower() in {"on", "true", "1", "yes"}


def find_by_email(db: Session, email: str) -> Account | None:
    try:
        cleaned = clean_email(email)
    except FieldError:
        return None
    # a SuperPro company register has a synthetic address and is never a person to log in or reset
    return db.exec(select(Account).where(Account.email == cleaned, Account.kind != AccountKind.REGISTER.value)).first()


def check_credentials(db: Session, email: str, password: str) -> Account | None:
    """The account when e-mail and password match; None otherwise, after the same bcrypt work."""
    account = find_by_email(db, email)
    if account is None:
        passwords.burn_equal_time(password)
        return None
    matched, upgraded = passwords.verify_and_upgrade(password, account.password_hash)
    if not matched:
        return None
    if upgraded:  # a hash from before NFC normalisation: store the normalised one
        account.password_hash = upgraded
        db.add(account)
    return account


def update_profile(db: Session, account_id: int, form: dict) -> Account:
    errors: dict[str, str] = {}
    profile = _clean_profile(form, errors)
    account = db.get(Account, account_id)
    org_number = account.org_number
    if account.kind == AccountKind.COMPANY.value:
        org_number = _collect(errors, "org_number", clean_org_number, form.get("org_number"))
    if errors:
        raise ValidationFailed(errors)
    account.name = profile.name
    account.phone = profile.phone
    account.street = profile.street
    account.postal_code = profile.postal_code
    account.city = profile.city
    account.org_number = org_number
    account.updated_at = utcnow()
    db.add(account)
    db.flush()
    activity.record(db, account_id, "profile_changed")
    return account


def change_email(db: Session, account_id: int, new_email: str, password: str) -> Account:
    account = db.get(Account, account_id)
    errors: dict[str, str] = {}
    email = _collect(errors, "new_email", clean_email, new_email)
    if not passwords.verify_password(password, account.password_hash):
        errors["email_password"] = "error.wrong_password"
    elif email and email_taken(db, email, except_id=account_id):
        errors["new_email"] = "error.email_taken"
    if errors:
        raise ValidationFailed(errors)
    old_email = account.email
    account.email = email
    account.email_verified_at = None
    account.updated_at = utcnow()
    db.add(account)
    db.flush()
    activity.record(db, account_id, "email_changed")
    notices.send(db, account, "email_changed", to=old_email, new_email=email)
    verification.send_verification(db, account)
    return account


def change_password(db: Session, account_id: int, current: str, new: str, repeat: str) -> Account:
    """Set a new password. The caller ends the account's other sessions."""
    account = db.get(Account, account_id)
    errors: dict[str, str] = {}
    if not passwords.verify_password(current, account.password_hash):
        errors["current_password"] = "error.wrong_password"
    problem = passwords.password_problem(new, email=account.email, name=account.name)
    if problem:
        errors["new_password"] = problem
    elif new != repeat:
        errors["new_password_repeat"] = "error.password_mismatch"
    if errors:
        raise ValidationFailed(errors)
    account.password_hash = passwords.hash_password(new)
    account.updated_at = utcnow()
    db.add(account)
    email_tokens.revoke(db, account_id, "reset")  # a reset link sent before the change dies with it
    db.flush()
    activity.record(db, account_id, "password_changed")
    notices.send(db, account, "password_changed")
    return account


def set_marketing_consent(db: Session, account_id: int, consent: bool) -> Account:
    """Opt-in marketing: off by default, withdrawn as easily as given; the time is the record."""
    account = db.get(Account, account_id)
    account.marketing_consent_at = utcnow() if consent else None
    db.add(account)
    activity.record(db, account_id, "consent_on" if consent else "consent_off")
    return account
