"""A register report of 100 000 objects: the objects stream from the database as they are drawn (no ORM object is
loaded, so memory stays flat), and the cover's figures come from one grouped read that says what the
register's totals say (`benchmarks/reports.py` times it and measures the memory)."""
from __future__ import annotations

import io
from datetime import datetime, timezone

from cleverstore.db import session_scope
from cleverstore.models import Item
from cleverstore.services.register import items
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import data, runner
from tests.helpers.factories import make_account, make_item

FIXED = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)


def _register(db_url) -> int:
    with session_scope() as db:
        owner = make_account(db)
        for number in range(30):
            make_item(db, owner, name=f"Sak {number:02d}", quantity=str(1 + number % 3),
                      purchase_price=str(100 + number), replacement_value="900" if number % 4 == 0 else "",
                      category=("Möbler", "Sport", "")[number % 3],
                      location=("Villa › Kök", "Villa › Hall", "Stugan", "")[number % 4],
                      status=("in_use", "sold", "lost", "discarded", "lent_out")[number % 5],
                      sold_date="2026-01-02" if number % 5 == 1 else "", lent_to="Eva" if number % 5 == 4 else "")
        return owner.id


def test_the_objects_stream_as_plain_rows_while_the_report_is_drawn(db_url, monkeypatch):
    account_id = _register(db_url)
    monkeypatch.setattr(data, "STREAM_BATCH", 4)  # many batches for a small register
    with session_scope() as db:
        report = data.register_report(db, account_id, ItemQuery(), report_id="R-1", created=FIXED, lang="sv")
        assert iter(report.objects) is report.objects  # read lazily, not a list of every object
        first = next(report.objects)
        assert first.location == "Stugan"  # place by place in path order, then by name
        drawn = 1 + sum(1 for _ in report.objects)
        assert drawn == report.totals.objects == sum(count for _place, count in report.objects_per_location)
        assert not [held for held in db.identity_map.values() if isinstance(held, Item)]
        pages, _selection = runner.write_register_report(db, account_id, ItemQuery(), "sv", io.BytesIO(),
                                                         report_id="R-2", created=FIXED)
        assert pages >= 3 and not [held for held in db.identity_map.values() if isinstance(held, Item)]


def test_the_cover_figures_from_one_read_are_the_register_totals(db_url):
    account_id = _register(db_url)
    with session_scope() as db:
        for query in (ItemQuery(), ItemQuery(status="sold"), ItemQuery(search="sak 1")):
            report = data.register_report(db, account_id, query, report_id="R-1", created=FIXED, lang="sv")
            totals = items.totals(db, account_id, query)
            assert vars(report.totals) == vars(totals)
            for groups in (report.by_location, report.by_category):
                assert sum(g.totals.objects for g in groups) == totals.objects
                assert sum(g.totals.current_ore for g in groups) == totals.current_ore
            listed = totals.not_counted if query.status == "sold" else totals.objects
            assert sum(count for _place, count in report.objects_per_location) == listed
        sold = data.register_report(db, account_id, ItemQuery(status="sold"), report_id="R-3", created=FIXED,
                                    lang="sv")
        assert [o.status_label for o in sold.objects] == ["Såld"] * 6  # listed when asked for, never counted
