"""Which reminders are due for one register on a given day, each with the occasion it is about.

The occasion is the day a reminder is about (the warranty's last day, the agreed return day, the card's
last valid day, the day the re-inventory fell due), so the sent log can say "this one went" and a new
occasion (a new warranty end, a new card) is a new reminder.

* warranty: an owned object's warranty ends within WARRANTY_DAYS (lifetime warranties never end);
* lent: an object still lent out after its return day;
* policy: an insurance policy renews within POLICY_DAYS: the sum insured beside the register's replacement
  value, so the customer checks the sums before the new year's cover;
* reinventory: objects not confirmed in this round, and nothing confirmed for REINVENTORY_MONTHS;
* card: the card on file is in its warning time and stops working before the subscription renews.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from cleverstore.models import BillingAccount, InsurancePolicy, Item, ItemStatus, ReminderSent
from cleverstore.services.billing import rules
from cleverstore.services.register import reinventory
from cleverstore.services.shared import worth
from cleverstore.services.shared.timefmt import STOCKHOLM

WARRANTY_DAYS = 30
POLICY_DAYS = 30
POLICIES_PATH = "/insurance"
REINVENTORY_MONTHS = 11  # a month before the rolling year runs out
CARD_SUBJECT = "card"
REGISTER_SUBJECT = "register"


@dataclass(frozen=True)
class Reminder:
    """One current reminder: `path` is the page it opens, `values` fill its text (`reminders.line.<kind>`);
    a value whose name ends in `_ore` is an amount, written in the reader's language."""

    kind: str
    subject: str
    occasion: date
    path: str
    values: dict[str, str] = field(default_factory=dict)


def local_day(moment: datetime) -> date:
    """The Swedish calendar day of a stored moment (stored in UTC; SQLite hands it back without a zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(STOCKHOLM).date()


def _object_path(item_id: int) -> str:
    return f"/object?id={item_id}"


def warranties(db: Session, account_id: int, today: date) -> list[Reminder]:
    rows = db.exec(select(Item).where(Item.account_id == account_id, worth.owned(),
                                      Item.lifetime_warranty.is_(False), Item.warranty_end.is_not(None),
                                      Item.warranty_end >= today,
                                      Item.warranty_end <= today + timedelta(days=WARRANTY_DAYS))
                   .order_by(Item.warranty_end, Item.id)).all()
    return [Reminder("warranty", str(i.id), i.warranty_end, _object_path(i.id),
                     {"object": i.name, "date": i.warranty_end.isoformat()}) for i in rows]


def lent_out(db: Session, account_id: int, today: date) -> list[Reminder]:
    rows = db.exec(select(Item).where(Item.account_id == account_id, Item.status == ItemStatus.LENT_OUT.value,
                                      Item.lent_until.is_not(None), Item.lent_until < today)
                   .order_by(Item.lent_until, Item.id)).all()
    return [Reminder("lent", str(i.id), i.lent_until, _object_path(i.id),
                     {"object": i.name, "date": i.lent_until.isoformat(), "to": i.lent_to or "?"}) for i in rows]


def policies_renewing(db: Session, account_id: int, today: date) -> list[Reminder]:
    rows = db.exec(select(InsurancePolicy).where(InsurancePolicy.account_id == account_id,
                                                 InsurancePolicy.renews_on.is_not(None),
                                                 InsurancePolicy.renews_on >= today,
                                                 InsurancePolicy.renews_on <= today + timedelta(days=POLICY_DAYS))
                   .order_by(InsurancePolicy.renews_on, InsurancePolicy.id)).all()
    if not rows:
        return []
    register = worth.register_worth(db, lambda statement: statement.where(Item.account_id == account_id), today)
    return [Reminder("policy", str(p.id), p.renews_on, POLICIES_PATH,
                     {"company": p.company, "number": p.policy_number or "–", "date": p.renews_on.isoformat(),
                      "sum_ore": str(p.contents_sum_ore), "worth_ore": str(register.replacement_ore)})
            for p in rows]


def reinventory_due(db: Session, account_id: int, today: date) -> list[Reminder]:
    """Due REINVENTORY_MONTHS after the last confirmation (or after the first owned object was registered,
    when nothing was ever confirmed), while owned objects wait for this round."""
    waiting = reinventory.not_checked(db, account_id, today)
    if waiting == 0:
        return []
    last = reinventory.last_checked(db, account_id)
    if last is None:
        first = db.exec(select(func.min(Item.created_at)).where(Item.account_id == account_id, worth.owned())).one()
        if first is None:
            return []
        last = local_day(first)
    falls_due = rules.add_months(_midnight(last), REINVENTORY_MONTHS).date()
    if today < falls_due:
        return []
    values = {"count": str(waiting), "date": last.isoformat()}
    return [Reminder("reinventory", REGISTER_SUBJECT, falls_due, "/inventory", values)]


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def card_expiring(db: Session, account_id: int, today: date) -> list[Reminder]:
    row = rules.billing_row(db, account_id)
    if row is None or not rules.has_live_subscription(row) or row.collection_method == "send_invoice" \
            or row.cancel_at is not None or row.current_period_end is None or not rules.card_expires_soon(row, today):
        return []
    last_valid = rules.add_months(_midnight(date(row.card_exp_year, row.card_exp_month, 1)), 1).date() \
        - timedelta(days=1)
    renewal = local_day(row.current_period_end)
    if last_valid >= renewal:
        return []
    values = {"card": f"{row.card_brand} •••• {row.card_last4}".strip(), "date": last_valid.isoformat(),
              "renewal": renewal.isoformat()}
    return [Reminder("card", CARD_SUBJECT, last_valid, "/billing", values)]


FINDERS = {"warranty": warranties, "lent": lent_out, "policy": policies_renewing, "reinventory": reinventory_due, "card": card_expiring}


def due(db: Session, account_id: int, today: date, kinds: tuple[str, ...]) -> list[Reminder]:
    """Every current reminder of the kinds asked for, in the order of `kinds`."""
    found: list[Reminder] = []
    for kind in kinds:
        finder = FINDERS.get(kind)
        if finder is not None:
            found.extend(finder(db, account_id, today))
    return found


def candidates(db: Session, today: date) -> set[int]:
    """The accounts that may have a reminder due or a summary waiting, found in a few service-wide queries so
    the job, run every few minutes, opens a customer's unit of work only where there is something to do.
    A superset: `due` decides."""
    ids: set[int] = set()
    ids |= set(db.exec(select(Item.account_id).where(
        worth.owned(), Item.lifetime_warranty.is_(False), Item.warranty_end >= today,
        Item.warranty_end <= today + timedelta(days=WARRANTY_DAYS)).distinct()).all())
    ids |= set(db.exec(select(Item.account_id).where(
        Item.status == ItemStatus.LENT_OUT.value, Item.lent_until < today).distinct()).all())
    ids |= set(db.exec(select(InsurancePolicy.account_id).where(
        InsurancePolicy.renews_on >= today, InsurancePolicy.renews_on <= today + timedelta(days=POLICY_DAYS))
        .distinct()).all())
    warned_from = today + timedelta(days=rules.CARD_WARNING_DAYS)
    ids |= set(db.exec(select(BillingAccount.account_id).where(
        BillingAccount.card_exp_year.is_not(None), BillingAccount.card_exp_month.is_not(None),
        BillingAccount.card_exp_year * 12 + BillingAccount.card_exp_month <= warned_from.year * 12 + warned_from.month
    )).all())
    # a margin of a few days: eleven months back from the 29th–31st lands on a shorter month's end
    checked_before = rules.add_months(_midnight(today), -REINVENTORY_MONTHS).date() + timedelta(days=3)
    last, first = func.max(Item.last_checked_on), func.min(Item.created_at)
    ids |= set(db.exec(select(Item.account_id).where(worth.owned()).group_by(Item.account_id).having(or_(
        and_(last.is_(None), first <= _midnight(checked_before + timedelta(days=1))), last <= checked_before))).all())
    ids |= set(db.exec(select(ReminderSent.account_id).where(ReminderSent.mailed_at.is_(None)).distinct()).all())
    return ids
