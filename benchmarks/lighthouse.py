"""Lighthouse scores of CleverStore's main pages on a simulated phone, against the real production build.

A customer decides in the first seconds whether a page feels worth paying for: it must paint quickly,
keep still while its data arrives (cumulative layout shift) and be usable by everyone. This script
starts the production build (`reflex run --env prod`, tests/helpers/app_server.py), seeds a subscribed
customer with 200 objects, each with a photo (the first one with three 3-megapixel photos as a phone
takes them), signs them in with a session
cookie and runs Lighthouse 12 (mobile, simulated throttling, Debian's Chromium) on:

- landing `/` and `/login` (signed out),
- `/register`, an object page `/object?id=N` and `/dashboard` (signed in: the cookie goes in
  Lighthouse's `--extra-headers`).

A run counts as failed (failed_actions) when Lighthouse reports an error, when the page it finally
showed is not the page we asked for (a signed-in page that fell back to /login), or when the page was
not the customer's full register (checked in Chromium with the same cookie: the pager says 200 objects,
the object page shows its name and photos).

Installable: the manifest is fetched as a phone would (content type, standalone, start URL, icons of 192
and 512 px, one maskable, that load as the PNGs they claim); a manifest that fails counts as a failed action.

Baseline: the same Lighthouse on a bare static HTML page served from this machine, so that the numbers
can be compared between machines (a slow machine lowers every score, the baseline's too).

Lighthouse is installed by `make bench` / `make test-tools` into .tools/lighthouse (pinned 12.2.3);
nothing is installed at run time.

Usage: .venv/bin/python benchmarks/lighthouse.py [--pages landing login register object dashboard] [--runs 1]
The last line printed is one JSON object: {"pages": {"landing": {"performance": …, "accessibility": …,
"best_practices": …, "cls": …, "lcp_s": …}, …}, "baseline": {…}, "installable": true, "failed_actions": …}.
With --runs above 1 each figure is the median of the runs.
"""
from __future__ import annotations

import argparse
import http.server
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from PIL import Image, ImageDraw  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from sqlmodel import select  # noqa: E402

from tests.helpers.browser_benchmarks import CHROMIUM, CHROMIUM_ARGS, paid_customer, use_app_database  # noqa: E402
from cleverstore import db as database  # noqa: E402
from cleverstore.models import Item  # noqa: E402
from cleverstore.models.base import utcnow  # noqa: E402
from cleverstore.services.register import files  # noqa: E402
from tests.helpers.app_server import RunningApp, start_app, stop_app  # noqa: E402
from tests.helpers.factories import signed_in_token  # noqa: E402

LIGHTHOUSE = PROJECT_ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = ("landing", "login", "register", "object", "dashboard")
SIGNED_IN = {"register", "object", "dashboard"}
OBJECTS = 200
LIGHTHOUSE_TIMEOUT = 240
PAGE_TIMEOUT_MS = 60_000
BASELINE_HTML = (b"<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Baslinje</title>"
                 b"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                 b"<meta name=\"description\" content=\"En tom sida att jamfora med.\"></head>"
                 b"<body><main><h1>Baslinje</h1><p>En statisk sida utan skript.</p></main></body></html>")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- data ----------------------------------------------------------------------

def photo(seed: int) -> bytes:
    """A 1024 × 768 JPEG with a few shapes: a realistic thumbnail once the register has scaled it."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1024, 768), tuple(rng.randrange(60, 220) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(1024), rng.randrange(768)
        draw.ellipse((x, y, x + rng.randrange(40, 300), y + rng.randrange(40, 300)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def phone_photo(seed: int) -> bytes:
    """A 3-megapixel photo sized like a phone's (the capture benchmark's): what a customer's object page shows."""
    from benchmarks.capture import photo as camera_photo

    return camera_photo(seed)


def seed_customer(app: RunningApp) -> dict:
    """A paid customer with 200 objects, each with a photo (the first with three from a phone's camera): their id,
    session token and first object."""
    from benchmarks.register_events import add_objects

    use_app_database(app)
    with database.session_scope() as db:
        account = paid_customer(db, "lighthouse@example.se")
        account.email_verified_at = utcnow()  # a paying customer has used their link: no banner on top
        db.add(account)
        add_objects(db, account.id, OBJECTS)
        account_id = account.id
        token = signed_in_token(db, account)
    photos = [photo(seed) for seed in range(8)]
    with database.tenant_scope(account_id) as db:
        ids = list(db.exec(select(Item.id).where(Item.account_id == account_id).order_by(Item.id)))
        for number, item_id in enumerate(ids[1:], start=1):
            files.attach(db, account_id, item_id, "photo", photos[number % len(photos)], f"foto-{number}.jpg")
        for extra in range(3):  # the audited object: three photos straight from a phone's camera
            files.attach(db, account_id, ids[0], "photo", phone_photo(extra), f"kamera-{extra}.jpg")
        first_name = db.get(Item, ids[0]).name
    database.dispose_engines()
    return {"account_id": account_id, "token": token, "object_id": ids[0], "object_name": first_name}


# --- checks in Chromium ----------------------------------------------------------

def page_is_whole(browser, app: RunningApp, seeded: dict, page_name: str, path: str) -> str:
    """'' when the page shows the customer's data as Lighthouse should have seen it, else what is wrong."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, locale="sv-SE")
    host = app.base_url.split("://", 1)[1].split(":")[0]
    if page_name in SIGNED_IN:
        context.add_cookies([{"name": "cs_session", "value": seeded["token"], "domain": host, "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page.goto(app.url(path))
        if page_name == "register":
            page.get_by_text(f"{OBJECTS} objekt", exact=False).or_(
                page.get_by_text(f"{OBJECTS} föremål", exact=False)).first.wait_for()
            shown = page.locator(".register-items tbody tr, .register-photos li, .item-card").count()
            if shown == 0:
                return "the register showed no objects"
        elif page_name == "object":
            page.get_by_role("heading", level=1, name=seeded["object_name"]).wait_for()
            page.locator("img[src^='/files/']").first.wait_for()
        elif page_name == "dashboard":
            page.get_by_role("heading", level=1).wait_for()
        else:
            page.locator("h1").first.wait_for()
        if urllib.parse.urlparse(page.url).path.rstrip("/") != path.split("?")[0].rstrip("/"):
            return f"the browser ended on {page.url}"
        return ""
    except Exception as error:  # noqa: BLE001 - any failure to see the page is a failed action
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        context.close()


def installable_problem(app: RunningApp) -> str:
    """'' when the app can be installed on a phone's home screen, else why not.

    Lighthouse 12 no longer audits installability, so the manifest is checked here the way Chromium does:
    served as a web app manifest, linked from the page, standalone, a start URL in scope, and icons of 192
    and 512 px (one maskable) that load as PNG.
    """
    import urllib.request

    with urllib.request.urlopen(app.url("/"), timeout=30) as response:
        if b'rel="manifest"' not in response.read():
            return "the landing page does not link the manifest"
    with urllib.request.urlopen(app.url("/manifest.webmanifest"), timeout=30) as response:
        kind = response.headers.get("content-type", "")
        manifest = json.loads(response.read())
    if not kind.startswith("application/manifest+json"):
        return f"the manifest is served as {kind!r}"
    if manifest.get("display") != "standalone" or not manifest.get("start_url", "").startswith(manifest.get("scope", "/")):
        return "the manifest's display or start_url is wrong"
    sizes = set()
    for icon in manifest.get("icons", []):
        with urllib.request.urlopen(app.url(icon["src"]), timeout=30) as response:
            image = Image.open(io.BytesIO(response.read()))
            if response.headers.get("content-type") != "image/png" or f"{image.width}x{image.height}" != icon["sizes"]:
                return f"icon {icon['src']} is not the {icon['sizes']} PNG it claims"
        sizes.add((icon["sizes"], icon.get("purpose", "any")))
    if not {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes:
        return f"icons missing: {sorted(sizes)}"
    return ""


# --- Lighthouse ----------------------------------------------------------------

def lighthouse(url: str, headers: dict[str, str], out_dir: Path, name: str) -> dict:
    """One Lighthouse run (mobile, simulated throttling); the JSON report."""
    output = out_dir / f"{name}.json"
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
               "--only-categories=performance,accessibility,best-practices",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"]
    if headers:
        command.append("--extra-headers=" + json.dumps(headers))
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT)
    if done.returncode != 0 or not output.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-1500:]}")
    return json.loads(output.read_text())


def scores(report: dict) -> dict[str, float]:
    categories, audits = report["categories"], report["audits"]

    def score(key: str) -> float:
        value = categories[key]["score"]
        return round(value * 100) if value is not None else float("nan")

    return {
        "performance": score("performance"),
        "accessibility": score("accessibility"),
        "best_practices": score("best-practices"),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
    }


def report_problem(report: dict, path: str) -> str:
    """'' when Lighthouse audited the page we meant, else why the run does not count."""
    if report.get("runtimeError"):
        return f"lighthouse error: {report['runtimeError'].get('message', '')}"
    final = report.get("finalDisplayedUrl") or report.get("finalUrl") or ""
    if urllib.parse.urlparse(final).path.rstrip("/") != path.split("?")[0].rstrip("/"):
        return f"lighthouse ended on {final}, not {path}"
    if categories_missing := [key for key, value in report["categories"].items() if value["score"] is None]:
        return f"no score for {', '.join(categories_missing)}"
    return ""


def median_scores(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}


def what_costs(report: dict, limit: int = 4) -> list[str]:
    """The performance audits that cost the most: shown on stderr to say what to fix."""
    found = []
    for audit in report["audits"].values():
        details = audit.get("details") or {}
        saving = details.get("overallSavingsMs") or 0
        if audit.get("score") is not None and audit["score"] < 0.9 and saving > 0:
            found.append((saving, f"{audit['id']} (~{saving:.0f} ms)"))
    return [text for _, text in sorted(found, reverse=True)[:limit]]


class _Baseline(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BASELINE_HTML)))
        self.end_headers()
        self.wfile.write(BASELINE_HTML)

    def log_message(self, *args):
        pass


def baseline(out_dir: Path) -> dict[str, float]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Baseline)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return scores(lighthouse(f"http://127.0.0.1:{server.server_address[1]}/", {}, out_dir, "baseline"))
    finally:
        server.shutdown()


# --- the run -------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES), help="pages to audit (default: all)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median counts (default: 1)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare static page")
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not LIGHTHOUSE.exists():
        log(f"Lighthouse is not installed at {LIGHTHOUSE}: run `make test-tools`")
        return 2
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="cleverstore-lighthouse-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    results: dict[str, dict[str, float]] = {}
    started = time.monotonic()
    app = start_app("lighthouse")
    log(f"app started in {time.monotonic() - started:.0f} s")
    try:
        installable = installable_problem(app)
        if installable:
            failed += 1
            log(f"not installable: {installable}")
        seeded = seed_customer(app) if SIGNED_IN & set(args.pages) else {}
        paths = {"landing": "/", "login": "/login", "register": "/register",
                 "object": f"/object?id={seeded.get('object_id')}", "dashboard": "/dashboard"}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for name in args.pages:
                    path = paths[name]
                    headers = {"Cookie": f"cs_session={seeded['token']}"} if name in SIGNED_IN else {}
                    # one unmeasured visit first: the server's first render of a page is not what customers wait for
                    page_is_whole(browser, app, seeded, name, path)
                    runs = []
                    for run in range(args.runs):
                        try:
                            report = lighthouse(app.url(path), headers, out_dir, f"{name}-{run + 1}")
                        except (RuntimeError, subprocess.TimeoutExpired) as error:
                            failed += 1
                            log(f"{name}: {error}")
                            continue
                        problem = report_problem(report, path) or page_is_whole(browser, app, seeded, name, path)
                        if problem:
                            failed += 1
                            log(f"{name}: run {run + 1} does not count: {problem}")
                            continue
                        runs.append(scores(report))
                        log(f"{name}: {runs[-1]}; costs: {', '.join(what_costs(report)) or 'nothing large'}")
                    if runs:
                        results[name] = median_scores(runs)
            finally:
                browser.close()
        base = {} if args.no_baseline else baseline(out_dir)
    finally:
        stop_app(app)
    log(f"reports in {out_dir}")
    print(json.dumps({"pages": results, "baseline": base, "installable": not installable, "objects": OBJECTS,
                      "runs": args.runs, "failed_actions": failed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
