"""The capture benchmark at its smallest: one run must end in a complete object within the tap budget."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_capture_benchmark_saves_a_complete_object_in_four_taps_or_fewer():
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "CLEVERSTORE_DATA_DIR", "CLEVERSTORE_SECRET_KEY")}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "capture.py"), "--runs", "1"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    line = json.loads(done.stdout.strip().splitlines()[-1])
    assert line["failed_actions"] == 0, done.stderr[-3000:]
    assert 0 < line["taps"] <= 4 and line["seconds_p50"] > 0 and line["photos"] == 3


def test_a_benchmark_photo_is_sized_like_a_phone_photo():
    sys.path.insert(0, str(ROOT))
    import importlib.util

    spec = importlib.util.spec_from_file_location("benchmark_capture", ROOT / "benchmarks" / "capture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    size = len(module.photo(1))
    assert 500_000 <= size <= 1_500_000, size
