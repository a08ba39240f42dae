"""Decoding bounds memory: four 40-megapixel uploads at once raise a worker's RSS by at most 400 MB, and
it returns to where it was (a 150 kB PNG of 6300×6300 pixels decodes to 160 MB)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MEASURE = r"""
import gc, io, json, sys, threading, time
from PIL import Image
from cleverstore.services.register.images import MAX_PIXELS, clean_upload

def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))

side = 6300
assert side * side <= MAX_PIXELS  # just under the limit: accepted
image = Image.new("RGBA", (side, side), (10, 20, 30, 128))
buffer = io.BytesIO()
image.save(buffer, "PNG")
data = buffer.getvalue()
del image, buffer
gc.collect()
baseline = peak = rss_mb()
running = True

def watch():
    global peak
    while running:
        peak = max(peak, rss_mb())
        time.sleep(0.005)

watcher = threading.Thread(target=watch)
watcher.start()
results = []
uploads = [threading.Thread(target=lambda: results.append(clean_upload(data, allow_pdf=False))) for _ in range(4)]
for upload in uploads:
    upload.start()
for upload in uploads:
    upload.join()
del results[:]
gc.collect()
time.sleep(0.3)
after = rss_mb()
running = False
watcher.join()
print(json.dumps({"peak_mb": peak - baseline, "after_mb": after - baseline}))
"""


def test_four_parallel_40_megapixel_uploads_stay_within_400_mb(tmp_path):
    done = subprocess.run([sys.executable, "-c", MEASURE], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "CLEVERSTORE_DATA_DIR": str(tmp_path),
                               "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["peak_mb"] <= 400, figures
    assert figures["after_mb"] <= 50, figures
