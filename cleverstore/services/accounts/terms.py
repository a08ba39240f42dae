"""The terms and privacy policy: editable Markdown files whose first line names the version.

The Swedish file is binding and its version is what a customer accepts; the
English file is a translation with the same version line.
"""
from __future__ import annotations

from dataclasses import dataclass

from cleverstore.config import get_settings


@dataclass(frozen=True)
class TermsDocument:
    version: str
    title: str
    body: str


def _path(lang: str):
    swedish = get_settings().terms_file
    if lang == "en":
        english = swedish.with_name(swedish.name.replace(".sv.", ".en."))
        if english.exists():
            return english
    return swedish


def load_terms(lang: str = "sv") -> TermsDocument:
    """Read a content file. Its first line is `version: X`, its first `# ` heading the title."""
    text = _path(lang).read_text(encoding="utf-8")
    head, _, body = text.partition("\n")
    version = head.split(":", 1)[1].strip() if head.lower().startswith("version:") else "1"
    body = body.lstrip("\n")
    title = ""
    if body.startswith("# "):
        title, _, body = body.partition("\n")
        title = title[2:].strip()
    return TermsDocument(version=version, title=title, body=body.strip())


@dataclass(frozen=True)
class OperatorContact:
    """How a customer reaches CleverStore outside the service (as the binding terms say)."""

    phone: str
    email: str


def operator_contact() -> OperatorContact:
    """The phone number and e-mail address from the Swedish terms' contact list ("- telefon:", "- e-post:")."""
    found = {"telefon": "", "e-post": ""}
    for line in _path("sv").read_text(encoding="utf-8").splitlines():
        label, _, value = line.strip().lstrip("-").partition(":")
        if label.strip().lower() in found and not found[label.strip().lower()]:
            found[label.strip().lower()] = value.strip()
    return OperatorContact(phone=found["telefon"], email=found["e-post"])


def current_terms_version() -> str:
    return load_terms("sv").version


def needs_acceptance(account) -> bool:
    """True when the customer accepted an older version than the current one."""
    return account.terms_version != current_terms_version()


def accept_current(db, account_id: int) -> None:
    """Store acceptance of the current version, with the time, in the account and the activity log."""
    from cleverstore.models import Account
    from cleverstore.models.base import utcnow
    from cleverstore.services.shared import activity

    account = db.get(Account, account_id)
    account.terms_version = current_terms_version()
    account.terms_accepted_at = utcnow()
    db.add(account)
    activity.record(db, account_id, "terms_accepted", f"terms {account.terms_version}")
