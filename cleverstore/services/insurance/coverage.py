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

A register may hold 100 000 objects: the sums are made in the database, grouped by the object's own policy,
place and theft-proneness (`_sums`), and each group is given its policy by `policy_of` here; objects come
back one by one only for the lists the check shows (`_objects`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import case, false, func
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


def _per_piece():
    """An object's value as the insurer counts it, per piece: its replacement value, else its purchase price."""
    return func.coalesce(Item.replacement_value_ore, Item.purchase_price_ore)


def _total():
    """quantity × per piece (`worth.line_total`), 0 when nothing is known."""
    return func.coalesce(_per_piece() * Item.quantity, 0)


@dataclass(frozen=True)
class _Rules:
    """What decides an object's policy and theft-proneness, read once per comparison."""

    policies: list[InsurancePolicy]
    known: set[int]
    places: dict[int, int | None]
    fallback: int | None
    theft_categories: tuple[int, ...]

    def policy(self, item_policy: int | None, location_id: int | None) -> int | None:
        return policy_of(item_policy if item_policy in self.known else None, location_id, self.places,
                         self.fallback)

    def theft_prone(self):
        """SQL: the object's category is theft-prone (the words matched in Python, once per category)."""
        return Item.category_id.in_(self.theft_categories) if self.theft_categories else false()


def _rules(db: Session, account_id: int, words: tuple[str, ...] | None = None) -> _Rules:
    policies = policies_of(db, account_id)
    household = [p.id for p in policies if p.kind != ALLRISK]
    words = theft_prone.words_for(db, account_id) if words is None else words
    categories = db.exec(select(Category.id, Category.name).where(Category.account_id == account_id)).all()
    return _Rules(policies, {p.id for p in policies}, place_policies(db, account_id, policies),
                  household[0] if len(household) == 1 else None,
                  tuple(sorted(cid for cid, name in categories if theft_prone.is_theft_prone(name, words))))


def _objects(db: Session, account_id: int, rules: _Rules, *conditions, order=()):
    """Owned objects (with the policy that covers them) as CoveredObject rows, streamed in the given order."""
    theft = case((rules.theft_prone(), 1), else_=0)
    statement = (select(Item.id, Item.name, Item.quantity, _per_piece(), _total(), theft,
                        Item.replacement_value_ore.is_(None) & Item.purchase_price_ore.is_not(None),
                        Item.policy_id, Item.location_id)
                 .where(Item.account_id == account_id, worth.owned(), *conditions).order_by(*order, Item.id))
    for item_id, name, quantity, per_piece, total, prone, at_purchase, item_policy, location_id in \
            db.execute(statement.execution_options(yield_per=1000)):
        yield rules.policy(item_policy, location_id), CoveredObject(
            item_id, name, quantity or 0, per_piece, int(total), bool(prone), bool(at_purchase))


def _sums(db: Session, account_id: int, rules: _Rules) -> dict[int | None, list[int]]:
    """Per policy (None: none): objects, value, theft-prone value, at purchase price, without value — summed in
    the database by the object's own policy, place and theft-proneness (a few hundred groups at most)."""
    theft = case((rules.theft_prone(), 1), else_=0)
    statement = (select(Item.policy_id, Item.location_id, theft, func.count(Item.id), func.sum(_total()),
                        func.sum(case((Item.replacement_value_ore.is_(None) & Item.purchase_price_ore.is_not(None),
                                       1), else_=0)),
                        func.sum(case((_per_piece().is_(None), 1), else_=0)))
                 .where(Item.account_id == account_id, worth.owned())
                 .group_by(Item.policy_id, Item.location_id, theft))
    sums: dict[int | None, list[int]] = {}
    for item_policy, location_id, prone, count, value, at_purchase, without in db.execute(statement):
        found = sums.setdefault(rules.policy(item_policy, location_id), [0, 0, 0, 0, 0])
        value = int(value or 0)
        for index, amount in enumerate((count, value, value if prone else 0, at_purchase, without)):
            found[index] += int(amount or 0)
    return sums


def check_policy(db: Session, account_id: int, rules: _Rules, policy: InsurancePolicy, sums: list[int]) -> PolicyCheck:
    check = PolicyCheck(policy.id, policy.company, policy.policy_number, policy.kind, policy.contents_sum_ore,
                        theft_limit_ore=theft_limit(policy), single_item_limit_ore=policy.single_item_limit_ore)
    check.objects, check.value_ore, check.theft_value_ore, check.at_purchase_price, check.without_value = sums
    check.under_ore = max(0, check.value_ore - policy.contents_sum_ore)
    if check.theft_limit_ore is not None and policy.kind != ALLRISK:
        check.theft_under_ore = max(0, check.theft_value_ore - check.theft_limit_ore)
    limit = policy.single_item_limit_ore
    if limit is not None and check.objects:
        check.over_single_limit = [
            OverLimit(o.id, o.name, o.per_piece_ore, o.per_piece_ore - limit)
            for key, o in _objects(db, account_id, rules, _per_piece() > limit, order=(_per_piece().desc(),))
            if key == policy.id]
    if policy.kind == ALLRISK:
        check.on_cover = [(o.id, o.name) for key, o in _objects(db, account_id, rules, Item.policy_id == policy.id)
                          if key == policy.id]
        return check
    suggested = [(o.id, o.name) for o in check.over_single_limit]
    chosen = set(suggested)
    left = check.theft_under_ore
    if left > 0:  # the most valuable theft-prone objects, until the rest is within the limit
        for key, thing in _objects(db, account_id, rules, rules.theft_prone(), _total() > 0,
                                   order=(_total().desc(),)):
            if key != policy.id:
                continue
            if (thing.id, thing.name) not in chosen:
                suggested.append((thing.id, thing.name))
                chosen.add((thing.id, thing.name))
            left -= thing.total_ore  # on separate cover, it no longer counts against the limit
            if left <= 0:
                break
    check.separate_cover = suggested
    return check


def compare(db: Session, account_id: int) -> Coverage:
    rules = _rules(db, account_id)
    sums = _sums(db, account_id, rules)
    coverage = Coverage([check_policy(db, account_id, rules, p, sums.get(p.id, [0, 0, 0, 0, 0]))
                         for p in rules.policies])
    outside = sums.get(None, [0, 0, 0, 0, 0])
    coverage.outside_objects, coverage.outside_value_ore = outside[0], outside[1]
    return coverage


def encode(coverage: Coverage) -> dict:
    """`coverage` as JSON, to be kept between page loads (`services/register/summaries.py`)."""
    return asdict(coverage)


def decode(kept: dict) -> Coverage:
    policies = [PolicyCheck(**{**check, "over_single_limit": [OverLimit(**o) for o in check["over_single_limit"]],
                               "separate_cover": [tuple(pair) for pair in check["separate_cover"]],
                               "on_cover": [tuple(pair) for pair in check["on_cover"]]})
                for check in kept["policies"]]
    return Coverage(policies, kept["outside_objects"], kept["outside_value_ore"])


def objects_of(db: Session, account_id: int, policy_id: object) -> tuple[InsurancePolicy, tuple[int, ...]]:
    """A policy and the ids of the owned objects it covers (its places' objects, or those put on it), by the
    same rule as the comparison; NotFound when the policy is not this customer's."""
    policy = get_policy(db, account_id, policy_id)
    rules = _rules(db, account_id)
    rows = db.execute(select(Item.id, Item.policy_id, Item.location_id)
                      .where(Item.account_id == account_id, worth.owned()).order_by(Item.id))
    return policy, tuple(item_id for item_id, item_policy, location_id in rows
                         if rules.policy(item_policy, location_id) == policy.id)
