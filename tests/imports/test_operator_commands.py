"""`python -m cleverstore import-csv` and `export-csv`: an operator moves a customer in or out from the
command line; every use is in the customer's activity log and the admin audit log, with the operator named."""
import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from cleverstore.__main__ import main
from cleverstore.models import ActivityEvent, AuditEntry, Item, ItemChange
from cleverstore.services.imports import export
from tests.helpers.factories import make_account, make_item
from tests.imports.helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
HOMEBOX = FIXTURES / "homebox" / "release-v0.26.2.csv"
OPERATOR = getpass.getuser()


@pytest.fixture()
def customer(db):
    account = make_account(db, email="flytt@example.se")
    db.commit()
    return account


def _names(db, account_id) -> list[str]:
    db.expire_all()
    return sorted(db.exec(select(Item.name).where(Item.account_id == account_id)).all())


def _audit(db) -> list[tuple[str, str, str]]:
    db.expire_all()
    return [(e.action, e.target_id, e.reason) for e in db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]


def _activity(db, account_id) -> list[tuple[str, str]]:
    db.expire_all()
    return [(e.kind, e.detail) for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == account_id)
                                               .order_by(ActivityEvent.id)).all()
            if e.kind.startswith("register_")]


def _file(tmp_path, text: str, name: str = "flytt.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def test_a_dry_run_prints_the_counts_and_saves_nothing(db, customer, capsys):
    assert main(["import-csv", "--account", "FLYTT@example.se", "--dry-run", str(HOMEBOX)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "format: homebox, rows: 5"
    assert out[-1] == "would import 3, update 0, refuse 0; places 2"
    assert _names(db, customer.id) == []
    (action, target, reason), = _audit(db)
    assert (action, target) == ("operator_import_checked", str(customer.id))
    assert reason.startswith(f"{OPERATOR}: release-v0.26.2.csv (homebox) +3 ~0 -0")
    assert _activity(db, customer.id) == [("register_import_checked", "CleverStore: homebox +3 ~0 -0")]


def test_an_import_says_what_it_did_on_its_last_line_and_a_second_run_adds_nothing(db, customer, capsys):
    assert main(["import-csv", "--account", customer.email, str(HOMEBOX)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 3, updated 0, refused 0"
    names = _names(db, customer.id)
    assert len(names) == 3 and "Borrmaskin" in names
    actors = set(db.exec(select(ItemChange.actor).where(ItemChange.account_id == customer.id)).all())
    assert actors == {f"CleverStore ({OPERATOR})"}
    assert main(["import-csv", "--account", customer.email, "--format", "homebox", str(HOMEBOX)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 0, updated 3, refused 0"
    assert len(_names(db, customer.id)) == 3  # HB.import_ref: the same objects
    assert [a for a, _t, _r in _audit(db)] == ["operator_import", "operator_import"]
    assert [kind for kind, _ in _activity(db, customer.id)] == ["register_imported", "register_imported"]


def test_refused_rows_are_listed_and_skipped_or_refuse_the_file_when_all_or_nothing(db, customer, capsys, tmp_path):
    path = _file(tmp_path, "Namn;Antal;Inköpspris\nLampa;1;100\n;2;5\nStol;många;10\nBord;1;2500\n")
    assert main(["import-csv", "--account", customer.email, "--all-or-nothing", path]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "imported 0, updated 0, refused 2 (all or nothing: nothing saved)"
    assert [line.split(" refused")[0] for line in out if " refused (" in line] == ["line 3", "line 4"]
    assert _names(db, customer.id) == []
    assert main(["import-csv", "--account", customer.email, path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "imported 2, updated 0, refused 2"
    assert any(line.startswith("line 4 refused (Stol): quantity: ") for line in out), out
    assert _names(db, customer.id) == ["Bord", "Lampa"]
    assert [a for a, _t, _r in _audit(db)] == ["operator_import", "operator_import"]
    assert "nothing saved" in _audit(db)[0][2]


@pytest.mark.parametrize("content, message", [
    (b"name\n" + b"x" * 200_000 + b"\n", "longer than 32,767"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
    (b"Benamning;Antal\nLampa;1\n", "format"),
])
def test_a_file_that_cannot_be_read_or_used_exits_non_zero_with_a_message(db, customer, capsys, tmp_path,
                                                                         content, message):
    path = tmp_path / "trasig.csv"
    path.write_bytes(content)
    assert main(["import-csv", "--account", customer.email, str(path)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert _names(db, customer.id) == []
    (action, target, reason), = _audit(db)
    assert (action, target) == ("operator_import_refused", str(customer.id)) and reason.startswith(OPERATOR)
    assert _activity(db, customer.id) == []


def test_an_unknown_account_or_a_missing_file_exits_non_zero_and_touches_nobody(db, customer, capsys, tmp_path):
    assert main(["import-csv", "--account", "ingen@example.se", str(HOMEBOX)]) == 2
    assert "no customer with the address ingen@example.se" in capsys.readouterr().err
    assert main(["import-csv", "--account", customer.email, str(tmp_path / "saknas.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["export-csv", "--account", "not an address", "--output", str(tmp_path / "x.csv")]) == 2
    assert _audit(db) == [] and _names(db, customer.id) == []


def test_export_writes_the_customers_register_in_their_language(db, customer, capsys, tmp_path):
    make_item(db, customer, name="Cykel", purchase_price="4500", status="sold", sold_date="2025-06-01")
    make_item(db, make_account(db), name="Någon annans")
    db.commit()
    target = tmp_path / "ut.csv"
    assert main(["export-csv", "--account", customer.email, "--output", str(target), "--separator", ";"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"exported 1 objects to {target}"
    data = target.read_bytes()
    assert data.startswith("\ufeffNamn;Kategori;".encode()) and b"Cykel" in data and "Såld".encode() in data
    assert b"annans" not in data
    assert data == export.export_bytes(db, customer.id, separator=";", lang="sv")
    (action, target_id, reason), = _audit(db)
    assert (action, target_id, reason) == ("operator_export", str(customer.id), f"{OPERATOR}: 1 objects, sv, ';'")
    assert _activity(db, customer.id) == [("register_exported", "CSV (CleverStore)")]


def test_the_commands_run_as_a_module_with_exit_codes(db, customer, tmp_path):
    """The real entry point: the last line, and a non-zero exit for an unknown account."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "cleverstore", "import-csv", "--account", customer.email,
                           str(HOMEBOX)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "imported 3, updated 0, refused 0"
    out = subprocess.run([sys.executable, "-m", "cleverstore", "export-csv", "--account", customer.email],
                         cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("\ufeffNamn,".encode()) and b"Borrmaskin" in out.stdout
    assert out.stderr.decode().splitlines()[-1] == "exported 3 objects"
    missing = subprocess.run([sys.executable, "-m", "cleverstore", "export-csv", "--account", "ingen@example.se"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and missing.stdout == ""
