"""An import adds only as many new objects as the plan holds: the preview says how many fit, the rest are
refused rows with the limit as their reason (in the refused-rows file too); updates are never refused; the
real Bas figure (1 000) holds against a file of 1 005 rows."""
import csv
import io

import pytest
from sqlmodel import select

from cleverstore.models import Plan
from cleverstore.services import imports
from cleverstore.services.billing.plans import ensure_seeded
from cleverstore.services.register import items
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.presenters.imports import over_limit_count
from tests.helpers.factories import make_account, make_item


def _bas(db, objects: int | None) -> None:
    ensure_seeded(db)
    bas = db.exec(select(Plan).where(Plan.code == "bas")).one()
    bas.max_objects = objects
    db.add(bas)


def test_the_preview_says_how_many_fit_and_refuses_the_rest_with_the_limit(db):
    _bas(db, 3)
    owner = make_account(db)
    make_item(db, owner, name="Finns redan")
    db.commit()
    imports.keep_import_file(owner.id, b"name;quantity\nA;1\nB;1\nC;1\nD;1\n", "a.csv")
    view = imports.import_preview(owner.id)
    assert (view.preview.will_add, len(view.preview.refused)) == (2, 2)
    assert [(r.line, r.name, r.reasons) for r in view.preview.refused] == [
        (4, "C", [("limit", "limit.objects")]), (5, "D", [("limit", "limit.objects")])]
    assert over_limit_count(view.preview.refused) == 2
    name, data = imports.refused_rows_file(owner.id, lang="sv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == ["C", "1"] and rows[1][-1].startswith("Abonnemang: Din plan rymmer inte fler föremål")
    with pytest.raises(ValidationFailed):  # all or nothing: the rows beyond the plan refuse the file
        imports.commit_import(owner.id, skip_refused=False, actor="Olga")
    assert items.totals(db, owner.id).objects == 1
    outcome = imports.commit_import(owner.id, actor="Olga", lang="sv")
    assert (outcome.added, outcome.refused) == (2, 2)
    assert items.totals(db, owner.id).objects == 3


def test_a_full_register_still_updates_its_objects_by_id(db):
    _bas(db, 1)
    owner = make_account(db)
    lamp = make_item(db, owner, name="Lampa")
    db.commit()
    imports.keep_import_file(owner.id, f"id;name;quantity\ncs-{lamp.id};Lampa ny;2\n;Ny sak;1\n".encode(), "b.csv")
    view = imports.import_preview(owner.id)
    assert (view.preview.will_update, view.preview.will_add, len(view.preview.refused)) == (1, 0, 1)
    outcome = imports.commit_import(owner.id, actor="Olga", lang="sv")
    assert (outcome.updated, outcome.added) == (1, 0)
    db.expire_all()
    assert items.get_item(db, owner.id, lamp.id).name == "Lampa ny"


def test_bas_takes_its_thousand_objects_from_a_bigger_file(db):
    _bas(db, 1_000)
    owner = make_account(db)
    db.commit()
    body = "name;quantity\n" + "".join(f"Sak {n};1\n" for n in range(1_005))
    imports.keep_import_file(owner.id, body.encode(), "stor.csv")
    outcome = imports.commit_import(owner.id, actor="Olga", lang="sv")
    assert (outcome.added, outcome.refused) == (1_000, 5)
    assert items.totals(db, owner.id).objects == 1_000
