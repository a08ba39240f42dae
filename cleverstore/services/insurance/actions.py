"""Use cases of insurance for customers: each opens its own unit of work under `tenant_scope(account_id)`.

Policies (list, open, save with the places they cover, delete, the policy's PDF), the theft-prone words,
separate item cover, and the comparison the dashboard shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from cleverstore.db import tenant_scope
from cleverstore.models import Location
from cleverstore.services.insurance import coverage, policies, theft_prone
from cleverstore.services.insurance.coverage import Coverage, OverLimit, PolicyCheck
from cleverstore.services.insurance.policies import ALLRISK, KINDS
from cleverstore.services.register import files, summaries
from cleverstore.services.register.catalogue import location_tree
from cleverstore.services.register.files import FileBytes
from cleverstore.services.register.images import RejectedFile
from cleverstore.services.shared.errors import NotFound
from cleverstore.services.shared.money import ore_to_input
from cleverstore.storage.files import get_store

__all__ = [
    "ALLRISK", "KINDS", "Coverage", "OverLimit", "PolicyCheck", "PolicyInfo", "PlaceChoice", "PolicyScreen", "RejectedFile",
    "list_policies", "open_policy", "save_policy", "delete_policy", "attach_policy_document",
    "read_policy_document", "theft_prone_words", "save_theft_prone_words", "reset_theft_prone_words",
    "put_on_separate_cover", "insurance_check",
]


@dataclass(frozen=True)
class PolicyInfo:
    id: int
    company: str
    policy_number: str
    kind: str
    contents_sum_ore: int
    theft_limit_ore: int | None
    theft_limit_percent: int | None
    single_item_limit_ore: int | None
    excess_ore: int | None
    renews_on: date | None
    document: str  # the PDF's file name as the customer sent it ("" when none)
    places: tuple[int, ...]


@dataclass(frozen=True)
class PlaceChoice:
    id: int
    path: str
    policy_id: int | None


@dataclass(frozen=True)
class PolicyScreen:
    policies: tuple[PolicyInfo, ...]
    places: tuple[PlaceChoice, ...]


def _info(policy, places: dict[int, list[int]]) -> PolicyInfo:
    return PolicyInfo(policy.id, policy.company, policy.policy_number, policy.kind, policy.contents_sum_ore,
                      policy.theft_limit_ore, policy.theft_limit_percent, policy.single_item_limit_ore,
                      policy.excess_ore, policy.renews_on, policy.document_filename if policy.document_name else "",
                      tuple(places.get(policy.id, [])))


def list_policies(account_id: int) -> PolicyScreen:
    """The customer's policies with the places each names, and every place for the form's choices."""
    with tenant_scope(account_id) as db:
        tree = location_tree(db, account_id)
        own = dict(db.exec(select(Location.id, Location.policy_id).where(Location.account_id == account_id)).all())
        by_policy: dict[int, list[int]] = {}
        for place_id, policy_id in own.items():
            if policy_id:
                by_policy.setdefault(policy_id, []).append(place_id)
        return PolicyScreen(
            tuple(_info(p, by_policy) for p in policies.policies_of(db, account_id)),
            tuple(PlaceChoice(node.id, node.path, own.get(node.id)) for node in tree))


def open_policy(account_id: int, policy_id: object, *, lang: str = "sv") -> dict[str, str]:
    """A policy's form values as the customer would type them."""
    with tenant_scope(account_id) as db:
        policy = policies.get_policy(db, account_id, policy_id)
        return {
            "id": str(policy.id), "company": policy.company, "policy_number": policy.policy_number,
            "kind": policy.kind, "contents_sum": ore_to_input(policy.contents_sum_ore, lang),
            "theft_limit": ore_to_input(policy.theft_limit_ore, lang),
            "theft_limit_percent": "" if policy.theft_limit_percent is None else str(policy.theft_limit_percent),
            "single_item_limit": ore_to_input(policy.single_item_limit_ore, lang),
            "excess": ore_to_input(policy.excess_ore, lang),
            "renews_on": policy.renews_on.isoformat() if policy.renews_on else "",
        }


def save_policy(account_id: int, values: dict, place_ids: list[object] | None = None) -> int:
    """Add a policy, or change the one whose id is `values["id"]`; returns its id."""
    with tenant_scope(account_id) as db:
        return policies.save_policy(db, account_id, values, values.get("id") or None, place_ids).id


def delete_policy(account_id: int, policy_id: object) -> None:
    with tenant_scope(account_id) as db:
        names = policies.delete_policy(db, account_id, policy_id)
        files.delete_after_commit(db, names)


def attach_policy_document(account_id: int, policy_id: object, data: bytes, filename: str) -> None:
    """Keep the policy's PDF (it replaces the one before). Raises NotFound or RejectedFile."""
    with tenant_scope(account_id) as db:
        policy = policies.get_policy(db, account_id, policy_id)
        stored = files.put_document(db, account_id, data)
        try:
            old = policy.document_name
            policy.document_name, policy.document_filename = stored, files.display_name(filename)
            db.add(policy)
            db.flush()
            if old:
                files.delete_after_commit(db, [old])
        except Exception:
            get_store().delete(stored)
            raise


def read_policy_document(account_id: int, policy_id: object) -> FileBytes:
    """The owner's policy PDF; NotFound for anyone else's, or when there is none."""
    with tenant_scope(account_id) as db:
        policy = policies.get_policy(db, account_id, policy_id)
        data = get_store().get(policy.document_name) if policy.document_name else None
        if data is None:
            raise NotFound()
        return FileBytes(data, "application/pdf", policy.document_filename or "forsakring.pdf")


def theft_prone_words(account_id: int) -> tuple[str, ...]:
    with tenant_scope(account_id) as db:
        return theft_prone.words_for(db, account_id)


def save_theft_prone_words(account_id: int, text: object) -> tuple[str, ...]:
    with tenant_scope(account_id) as db:
        return theft_prone.save_words(db, account_id, text)


def reset_theft_prone_words(account_id: int) -> tuple[str, ...]:
    with tenant_scope(account_id) as db:
        theft_prone.reset_words(db, account_id)
        return theft_prone.DEFAULT_WORDS


def put_on_separate_cover(account_id: int, item_id: object, policy_id: object) -> None:
    with tenant_scope(account_id) as db:
        policies.put_on_cover(db, account_id, item_id, policy_id)


def insurance_check(account_id: int) -> Coverage:
    """Each policy's objects against its contents sum, theft-prone limit and single-item limit."""
    return summaries.remembered(account_id, "coverage", date.today(), lambda db: coverage.compare(db, account_id),
                                coverage.encode, coverage.decode)


