"""Is the household properly insured? Each policy's covered objects against its sums and limits.

The rules, once:
- Which objects: the owned ones (`services/shared/worth.py`: sold and discarded are left out).
- Which policy: an object on a separate item cover (allrisk) counts there only; otherwise its place's
  policy, the nearest one up the place tree. When the customer has exactly one household policy (any
  kind but allrisk), it covers every object no place's policy reaches, objects without a place included:
  that is how a single home insurance works. With several, such objects are "outside every policy".
- What an object is worth: its replacement value (what the insurer pays to buy it new). Without one,
  its purchase price is counted instead; with neither, it is not counted at all. Both counts are
  reported so the customer knows how sure the comparison is. A row is quantity × per-piece value
  (`worth.line_total`).
- The contents sum is compared with the summed value of the policy's objects; the theft-prone limit
  (an amount, or a share of the contents sum, rounded down to whole öre) with the theft-prone objects'
  sum; the single-item limit with each object's per-piece value (a pair of chairs is two items).
- Objects to consider for separate cover: those above the single-item limit, then, while the
  theft-prone sum is above its limit, the most valuable theft-prone objects until it is not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from cleverstore.models import Category, InsurancePolicy, Item, Location
from cleverstore.services.insurance import theft_prone
from cleverstore.services.insurance.policies import ALLRISK, get_policy, policies_of
from cleverstore.services.shared import worth


@dataclass(frozen=True)
class CoveredObject:
    id: int
    name: str
    quantity: int
    per_piece_ore: int | None   # replacement value, else purchase price, else None
    total_ore: int              # quantity × per piece (0 when nothing is known)
    theft_prone: bool
    at_purchase_price: bool


@dataclass(frozen=True)
class OverLimit:
    """An object whose per-piece value is above the single-item limit, and by how much."""

    id: int
    name: str
    per_piece_ore: int
    over_ore: int


@dataclass
class PolicyCheck:
    policy_id: int
    company: str
    policy_number: str
    kind: str
    contents_sum_ore: int
    objects: int = 0
    value_ore: int = 0
    under_ore: int = 0                      # value above the contents sum (0: enough)
    theft_limit_ore: int | None = None
    theft_value_ore: int = 0
    theft_under_ore: int = 0
    single_item_limit_ore: int | None = None
    over_single_limit: list[OverLimit] = field(default_factory=list)
    separate_cover: list[tuple[int, str]] = field(default_factory=list)  # (object id, name) to consider
    at_purchase_price: int = 0
    without_value: int = 0
    on_cover: list[tuple[int, str]] = field(default_factory=list)  # an allrisk policy's objects (id, name)

    @property
    def under_insured(self) -> bool:
        return bool(self.under_ore or self.theft_under_ore or self.over_single_limit)


@dataclass
class Coverage:
    policies: list[PolicyCheck] = field(default_factory=list)
    outside_objects: int = 0               # owned objects no policy covers
    outside_value_ore: int = 0

    @property
    def under_insured(self) -> bool:
        return any(check.under_insured for check in self.policies) or bool(self.outside_value_ore)


def theft_limit(policy: InsurancePolicy) -> int | None:
    if policy.theft_limit_ore is not None:
        return policy.theft_limit_ore
    if policy.theft_limit_percent is not None:
        return policy.contents_sum_ore * policy.theft_limit_percent // 100
    return None


def place_policies(db: Session, account_id: int, policies: list[InsurancePolicy]) -> dict[int, int | None]:
    """Each place's policy id: its own, else its nearest parent's, else the single household policy."""
    household = [p.id for p in policies if p.kind != ALLRISK]
    fallback = household[0] if len(household) == 1 else None
    rows = db.exec(select(Location.id, Location.parent_id, Location.policy_id)
                   .where(Location.account_id == account_id)).all()
    parent = {row[0]: row[1] for row in rows}
    own = {row[0]: row[2] for row in rows}
    resolved: dict[int, int | None] = {}
    for place in parent:
        seen, node, found = set(), place, None
        while node is not None and node not in seen:
            seen.add(node)
            if own.get(node):
                found = own[node]
                break
            node = parent.get(node)
        resolved[place] = found or fallback
    return resolved


def policy_of(item_policy: int | None, location_id: int | None, places: dict[int, int | None],
              fallback: int | None) -> int | None:
    if item_policy:
        return item_policy
    if location_id is not None and location_id in places:
        return places[location_id]
    return fallback


def covered_objects(db: Session, account_id: int, words: tuple[str, ...] | None = None
                    ) -> tuple[list[InsurancePolicy], dict[int | None, list[CoveredObject]]]:
    """The policies, and the owned objects grouped by the policy that covers them (None: no policy)."""
    policies = policies_of(db, account_id)
    known = {p.id for p in policies}
    household = [p.id for p in policies if p.kind != ALLRISK]
    fallback = household[0] if len(household) == 1 else None
    places = place_policies(db, account_id, policies)
    words = theft_prone.words_for(db, account_id) if words is None else words
    rows = db.exec(select(Item.id, Item.name, Item.quantity, Item.purchase_price_ore, Item.replacement_value_ore,
                          Item.location_id, Item.policy_id, Category.name)
                   .select_from(Item).outerjoin(Category, Category.id == Item.category_id)
                   .where(Item.account_id == account_id, worth.owned()).order_by(Item.id)).all()
    grouped: dict[int | None, list[CoveredObject]] = {}
    for item_id, name, quantity, purchase, replacement, location_id, item_policy, category in rows:
        per_piece = replacement if replacement is not None else purchase
        covered = CoveredObject(item_id, name, quantity or 0, per_piece, worth.line_total(per_piece, quantity) or 0,
                                theft_prone.is_theft_prone(category, words),
                                replacement is None and purchase is not None)
        key = policy_of(item_policy if item_policy in known else None, location_id, places, fallback)
        grouped.setdefault(key, []).append(covered)
    return policies, grouped


def check_policy(policy: InsurancePolicy, objects: list[CoveredObject]) -> PolicyCheck:
    check = PolicyCheck(policy.id, policy.company, policy.policy_number, policy.kind, policy.contents_sum_ore,
                        theft_limit_ore=theft_limit(policy), single_item_limit_ore=policy.single_item_limit_ore)
    for thing in objects:
        check.objects += 1
        check.value_ore += thing.total_ore
        check.at_purchase_price += thing.at_purchase_price
        check.without_value += thing.per_piece_ore is None
        if thing.theft_prone:
            check.theft_value_ore += thing.total_ore
    check.under_ore = max(0, check.value_ore - policy.contents_sum_ore)
    if check.theft_limit_ore is not None and policy.kind != ALLRISK:
        check.theft_under_ore = max(0, check.theft_value_ore - check.theft_limit_ore)
    limit = policy.single_item_limit_ore
    if limit is not None:
        check.over_single_limit = [OverLimit(o.id, o.name, o.per_piece_ore, o.per_piece_ore - limit)
                                   for o in sorted(objects, key=lambda o: -(o.per_piece_ore or 0))
                                   if o.per_piece_ore is not None and o.per_piece_ore > limit]
    if policy.kind == ALLRISK:
        check.on_cover = [(o.id, o.name) for o in objects]
    else:
        suggested = [(o.id, o.name) for o in check.over_single_limit]
        left = check.theft_under_ore
        for thing in sorted((o for o in objects if o.theft_prone), key=lambda o: -o.total_ore):
            if left <= 0:
                break
            if thing.total_ore <= 0:
                continue
            if (thing.id, thing.name) not in suggested:
                suggested.append((thing.id, thing.name))
            left -= thing.total_ore  # on separate cover, it no longer counts against the limit
        check.separate_cover = suggested
    return check


def compare(db: Session, account_id: int) -> Coverage:
    policies, grouped = covered_objects(db, account_id)
    coverage = Coverage([check_policy(p, grouped.get(p.id, [])) for p in policies])
    outside = grouped.get(None, [])
    coverage.outside_objects = len(outside)
    coverage.outside_value_ore = sum(o.total_ore for o in outside)
    return coverage


def objects_of(db: Session, account_id: int, policy_id: object) -> tuple[InsurancePolicy, tuple[int, ...]]:
    """A policy and the ids of the owned objects it covers (its places' objects, or those put on it), by the
    same rule as the comparison; NotFound when the policy is not this customer's."""
    policy = get_policy(db, account_id, policy_id)
    _policies, grouped = covered_objects(db, account_id)
    return policy, tuple(thing.id for thing in grouped.get(policy.id, []))
