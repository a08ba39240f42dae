"""The Lighthouse benchmark at its smallest: the landing page, audited for real, and the JSON line it prints."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.layout

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
FIGURES = {"performance", "accessibility", "best_practices", "cls", "lcp_s"}


@pytest.mark.skipif(not LIGHTHOUSE.exists(), reason="Lighthouse is not installed: `make test-tools` installs it")
def test_lighthouse_benchmark_audits_the_landing_page():
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "CLEVERSTORE_DATA_DIR", "CLEVERSTORE_SECRET_KEY")}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "lighthouse.py"), "--pages", "landing",
                           "--no-baseline"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    line = json.loads(done.stdout.strip().splitlines()[-1])
    assert line["failed_actions"] == 0, done.stderr[-3000:]
    landing = line["pages"]["landing"]
    assert set(landing) == FIGURES
    assert 0 < landing["performance"] <= 100 and 0 < landing["accessibility"] <= 100
    assert landing["cls"] >= 0 and landing["lcp_s"] > 0


def test_a_run_that_ended_on_another_page_does_not_count():
    sys.path.insert(0, str(ROOT))
    from benchmarks.lighthouse import report_problem

    scored = {"performance": {"score": 0.9}, "accessibility": {"score": 1.0}}
    assert report_problem({"finalDisplayedUrl": "http://h:1/register", "categories": scored}, "/register") == ""
    assert "login" in report_problem({"finalDisplayedUrl": "http://h:1/login/", "categories": scored}, "/register")
    assert report_problem({"runtimeError": {"message": "NO_FCP"}, "categories": scored}, "/")
