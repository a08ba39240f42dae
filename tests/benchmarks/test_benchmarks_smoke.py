"""Every benchmark runs at a tiny size (seconds) and must report that each timed action did its work.

The checks the benchmarks count with are tested too: a refused or empty answer is a failure, so a
benchmark that times refused events cannot report 0 failed actions again.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"


def _run(script: str, *args: str, timeout: int = 300) -> dict:
    """Run a benchmark as `make bench` does and return its JSON line."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "CLEVERSTORE_DATA_DIR", "CLEVERSTORE_SECRET_KEY")}
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    line = json.loads(done.stdout.strip().splitlines()[-1])
    assert line["failed_actions"] == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return line


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_reports_benchmark_checks_and_times_real_reports():
    line = _run("reports.py", "--objects", "60", "120", "--photos", "20", "--runs", "1")
    assert line["report_120_s"] > 0 and line["naive_120_s"] > 0 and line["photos_20_s"] > 0
    assert line["peak_rss_mb_120"] >= line["base_rss_mb_120"] > 0  # the report's own process


def test_dashboard_benchmark_checks_the_totals_it_timed():
    line = _run("dashboard.py", "--objects", "40", "300", "--runs", "2")
    assert line["dashboard_ms_40"] > 0 and line["dashboard_ms_300"] > 0
    assert line["dashboard_after_change_ms_300"] > 0  # a load after an edit, the figures made anew


def test_register_events_benchmark_times_a_paid_register():
    line = _run("register_events.py", "--objects", "30", "--iterations", "2")
    assert line["p95_ms_30"] > 0 and line["counter_p95_ms_30"] > 0


def test_billing_calls_benchmark_times_stripe_work_with_webhooks_on():
    line = _run("billing_calls.py", "--rounds", "1", "--subscribers", "1")
    assert line["webhook_5xx"] == 0 and line["put_on_invoice_terms_max_s"] > 0


def test_import_benchmark_checks_what_it_imported():
    line = _run("import.py", "--rows", "300", "--refused-every", "25")
    assert line["homebox_preview_s"] > 0 and line["homebox_import_s"] > 0 and line["refused_rows"] == 12


def test_load_benchmark_times_real_work():
    workers = ["1", "2"] if os.environ.get("REDIS_URL") else ["1"]
    line = _run("load.py", "--clients", "3", "--rounds", "1", "--think", "0", "--workers", *workers)
    assert line["eps_1_worker"] > 0 and line["saturated_eps_1_worker"] > 0


@pytest.mark.parametrize("outcome, done", [
    ({"elapsed": 12.0, "before": "a", "after": "b", "rows": 25, "path": "/register"}, True),
    ({"elapsed": None, "before": "a", "after": "b", "rows": 25, "path": "/register"}, False),  # no answer
    ({"elapsed": 12.0, "before": "a", "after": "a", "rows": 25, "path": "/register"}, False),  # nothing changed
    ({"elapsed": 12.0, "before": "a", "after": "b", "rows": 0, "path": "/register"}, False),   # no rows
    ({"elapsed": 12.0, "before": "a", "after": "b", "rows": 25, "path": "/login"}, False),     # refused
])
def test_a_register_step_counts_only_when_it_did_its_work(outcome, done):
    assert _module("register_events").register_step_done(outcome) is done


def test_a_counter_click_counts_only_when_the_number_went_up():
    check = _module("register_events").counter_step_done
    assert check({"elapsed": 1.0, "before": "4", "after": "5"})
    assert not check({"elapsed": 1.0, "before": "4", "after": "4"})
    assert not check({"elapsed": None, "before": "4", "after": "5"})


class _Answer:
    """What a websocket customer saw after its last event."""

    def __init__(self, delta: dict, redirect: str = ""):
        self.delta, self.redirect = delta, redirect

    def changed(self, state: str, var: str):
        return self.delta.get(var)

    def redirected_to(self) -> str:
        return self.redirect


def test_a_load_event_counts_only_when_it_did_its_work():
    load = _module("load")
    assert load._shows_rows(_Answer({"rows": [{"id": "1"}]}))
    assert not load._shows_rows(_Answer({}, redirect="/login"))  # a locked register's answer
    assert not load._shows_rows(_Answer({"rows": []}))
    assert load._on_page_two(_Answer({"rows": [{"id": "26"}], "page": 2}))
    assert not load._on_page_two(_Answer({"rows": [{"id": "1"}], "page": 1}))
    assert load._form_opened(_Answer({"loaded": True}))
    assert not load._form_opened(_Answer({"loaded": True}, redirect="/login"))
    assert load._saved(_Answer({}, redirect="/object?id=7"))
    assert not load._saved(_Answer({"errors": {"name": "error.required"}}))
