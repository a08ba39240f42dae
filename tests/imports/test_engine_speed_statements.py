"""The import's speed rests on a fixed number of statements however many rows a file has (bulk reads up front,
multi-row inserts, no query per row): counted here, which a busy machine cannot make flaky."""
import csv
import io

from sqlalchemy import event
from sqlmodel import select

from cleverstore.models import Item, ItemChange, ItemTag
from cleverstore.services.imports import engine, formats
from cleverstore.services.imports.reader import read_table
from tests.helpers.factories import make_account
from tests.imports.helpers import FIXTURES


def _homebox_file(rows: int, *, renamed: int = -1) -> bytes:
    header = (FIXTURES / "homebox" / "release-v0.26.2.csv").read_text().splitlines()[0].split(",")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for i in range(rows):
        row = dict.fromkeys(header, "")
        row.update({"HB.import_ref": f"ref-{i}", "HB.location": f"Hus / Rum {i % 7}", "HB.tags": f"t{i % 5}; Sak",
                    "HB.name": f"Sak {i}" + (" (ny)" if i == renamed else ""), "HB.quantity": "1",
                    "HB.purchase_price": "10.5", "HB.purchase_date": "2021-10-13", "HB.field.Färg": "Röd"})
        writer.writerow([row[h] for h in header])
    return out.getvalue().encode()


def _statements(db, action) -> int:
    count = [0]

    def seen(*_args, **_kwargs):
        count[0] += 1
    bind = db.get_bind()
    event.listen(bind, "before_cursor_execute", seen)
    try:
        action()
    finally:
        event.remove(bind, "before_cursor_execute", seen)
    return count[0]


def _counts(db, rows: int) -> tuple[int, int, int]:
    account = make_account(db)
    table = read_table(_homebox_file(rows), "hb.csv")
    fmt = formats.detect(table.headers)
    preview = _statements(db, lambda: engine.preview(db, account.id, table, fmt))
    run = _statements(db, lambda: engine.run(db, account.id, table, fmt, skip_refused=True, actor="t"))
    again = read_table(_homebox_file(rows, renamed=rows - 1), "hb.csv")
    rerun = _statements(db, lambda: engine.run(db, account.id, again, fmt, skip_refused=True, actor="t"))
    return preview, run, rerun


def test_statements_do_not_grow_with_the_rows(db):
    small, large = _counts(db, 40), _counts(db, 400)
    assert small == large, (small, large)  # 10 times the rows, not one statement more (all within one chunk)
    preview, run, rerun = large
    assert preview <= 3 and run <= 30 and rerun <= 20, large


def test_new_objects_get_their_own_rows_tags_and_history(db):
    """The ids the multi-row insert hands back are matched to the right rows (by their created_at)."""
    account = make_account(db)
    table = read_table(_homebox_file(300), "hb.csv")
    engine.run(db, account.id, table, formats.detect(table.headers), skip_refused=True, actor="t")
    items = db.exec(select(Item).where(Item.account_id == account.id)).all()
    by_id = {i.id: i for i in items}
    assert sorted(int(i.import_ref.split("-")[1]) for i in items) == list(range(300))
    assert all(i.name == f"Sak {i.import_ref.split('-')[1]}" for i in items)
    history = db.exec(select(ItemChange).where(ItemChange.account_id == account.id)).all()
    assert all(by_id[h.item_id].name == h.new_value for h in history) and len(history) == 300
    links = db.exec(select(ItemTag).where(ItemTag.item_id.in_(list(by_id)))).all()
    assert len(links) == 600
