"""What a report is made of: plain data, gathered by the services, drawn by the renderers."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True)
class Owner:
    name: str
    address_lines: tuple[str, ...]
    customer_number: str
    org_number: str = ""


@dataclass(frozen=True)
class Totals:
    objects: int = 0
    purchase_ore: int = 0
    replacement_ore: int = 0
    current_ore: int = 0
    not_counted: int = 0  # sold or discarded objects the selection matched: not owned, so not in the figures


@dataclass(frozen=True)
class GroupTotal:
    label: str
    totals: Totals


@dataclass(slots=True)  # one per object drawn: plain slots are quicker to build than a frozen instance
class ReportObject:
    name: str
    location: str = ""
    category: str = ""
    manufacturer: str = ""
    model: str = ""
    serial_number: str = ""
    purchase_date: date | None = None
    purchase_price_ore: int | None = None
    replacement_ore: int | None = None
    current_ore: int | None = None
    warranty_end: date | None = None
    status_label: str = ""
    quantity: int = 1
    last_checked_on: date | None = None  # the yearly re-inventory's last check of the object
    # A file, or a loader called only when the row is drawn (bytes stay out of memory until then).
    thumbnail: Path | Callable[[], bytes | None] | None = None


@dataclass
class RegisterReport:
    """Everything the register report shows. `objects` is consumed once, in location order."""

    report_id: str
    created: datetime
    lang: str
    owner: Owner
    filter_text: str
    totals: Totals
    by_location: list[GroupTotal]
    by_category: list[GroupTotal]
    objects_per_location: list[tuple[str, int]]
    objects: Iterable[ReportObject] = field(default_factory=list)
    # Who the report was printed for when it is not the owner (an heir's read-only access); on the cover.
    printed_for: str = ""
    # The day the register was last confirmed in the yearly re-inventory; on the cover.
    inventory_checked_on: date | None = None
    # The report of one insurance policy: its facts (label, value) on the cover (company, number, sums).
    policy_facts: list[tuple[str, str]] = field(default_factory=list)
    # The listed objects' photos and documents with their fingerprints: the appendix (`pdf/appendix.py`).
    files: list = field(default_factory=list)
