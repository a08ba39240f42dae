"""The plan catalogue, kept in the database (admins change prices there).

`SEED` is the starting catalogue; `ensure_seeded` adds what is missing and never
overwrites a plan an admin has changed. Prices are yearly, in öre, 25 % VAT included.

The seed holds the one table of plan limits (migration f4d9c6a1e2b7 sets the same figures on
existing rows). Stored bytes count the files customers upload (originals, not our thumbnails):
Bas 5 GB is about 2 000 phone photos of 2-3 MB, two per object of a full 1 000-object register;
Plus 50 GB gives an unlimited register room for ten times that (receipts and manuals are small);
SuperPro 500 GB covers several company registers on one agreement.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from cleverstore.models import Plan


GB = 1024 ** 3


@dataclass(frozen=True)
class PlanSeed:
    code: str
    name: str
    yearly_price_ore: int | None  # None: price by agreement ("contact us")
    max_objects: int | None  # None: unlimited (or by agreement)
    feature_keys: tuple[str, ...]  # what the plan has besides its limits (the limits are shown from the figures)
    lookup_key: str | None
    max_stored_bytes: int | None = None
    max_members: int | None = None  # household members; None: by agreement (read by the sharing work)
    claim_pack: bool = False
    qr_labels: bool = False


SEED: tuple[PlanSeed, ...] = (
    PlanSeed("bas", "Bas", 49_500, 1_000, ("plan.feature.photos", "plan.feature.reports"), "cleverstore_bas_yearly",
             max_stored_bytes=5 * GB, max_members=1),
    PlanSeed("plus", "Plus", 89_500, None, ("plan.feature.photos", "plan.feature.reports"), "cleverstore_plus_yearly",
             max_stored_bytes=50 * GB, max_members=5, claim_pack=True, qr_labels=True),
    PlanSeed("superpro", "SuperPro", None, None,
             ("plan.feature.companies", "plan.feature.invoice", "plan.feature.agreement"), None,
             max_stored_bytes=500 * GB, max_members=None, claim_pack=True, qr_labels=True),
)


def ensure_seeded(db: Session) -> None:
    """Add every seed plan that is not in the catalogue yet (safe to run at every start)."""
    existing = set(db.exec(select(Plan.code)).all())
    for order, seed in enumerate(SEED):
        if seed.code not in existing:
            db.add(Plan(code=seed.code, name=seed.name, yearly_price_ore=seed.yearly_price_ore,
                        max_objects=seed.max_objects, feature_keys=",".join(seed.feature_keys),
                        lookup_key=seed.lookup_key, sort_order=order, max_stored_bytes=seed.max_stored_bytes,
                        max_members=seed.max_members, claim_pack=seed.claim_pack, qr_labels=seed.qr_labels))
    db.flush()


def catalogue(db: Session) -> list[Plan]:
    """The active plans in display order."""
    return list(db.exec(select(Plan).where(Plan.active == True).order_by(Plan.sort_order, Plan.id)).all())  # noqa: E712


def is_buyable(plan: Plan) -> bool:
    """Whether a customer can pay for the plan by card: it has a yearly price and a Stripe price
    (not SuperPro, which is by agreement)."""
    return plan.yearly_price_ore is not None and bool(plan.lookup_key)


def buyable(db: Session, code: str) -> Plan | None:
    """A plan a customer can pay for by card (not SuperPro, which is by agreement)."""
    plan = db.exec(select(Plan).where(Plan.code == str(code)[:30], Plan.active == True)).first()  # noqa: E712
    if plan is None or not is_buyable(plan):
        return None
    return plan


def by_code(db: Session, code: str) -> Plan | None:
    return db.exec(select(Plan).where(Plan.code == str(code)[:30])).first()


def by_lookup_key(db: Session, lookup_key: str | None) -> Plan | None:
    if not lookup_key:
        return None
    return db.exec(select(Plan).where(Plan.lookup_key == lookup_key)).first()
