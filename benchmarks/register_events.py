"""How quickly the register page answers a customer, with a register of N objects.

Every search, filter, sort and page change on /register is a Reflex event: the
browser sends it over the websocket, the server queries the database, renders one
page of rows into the state and sends the changed state back, and React updates
the table. This script measures that whole round trip against the real
production build (`reflex run --env prod`, started by tests/helpers/app_server.py)
so that a slow query, a bloated state delta or a slow render shows up as a number.

For each size N it:

1. starts the app on a fresh database and times start-up until /healthz answers
   (this includes migrating the fresh database);
2. signs up one customer through the services and bulk-inserts N objects;
3. logs in with Chromium, opens /register and counts the websocket bytes of the
   initial hydrate (everything received until the rows show and the socket is quiet);
4. times each user action inside the page: `performance.now()` when the change
   event or click is dispatched, and again at the first DOM mutation of the table
   body or the pager text (a MutationObserver). Playwright's polling is far too
   coarse (~75 ms) for this, so nothing here polls for timing;
5. records the largest websocket frame received during the actions — roughly the
   size of the biggest state delta the server sends.

Category filter, sort and paging are not debounced; their samples make up the
overall p50/p95. The search box is debounced by 250 ms on the client, so search
is reported separately, both raw and with the debounce subtracted.
Frame sizes are websocket payloads as the page sees them, after decompression.

Yardstick: in the same app (same server, socket and browser) a hidden page
/bench-counter holds a bare Reflex counter; its click p95 is measured the same way
and the register's p95 is compared with it (target: within 10×), and the largest
register with the smallest (target: no more than 50 % slower).

State size: the bytes of the initial hydrate of /register (the whole state the
client holds for the page) and the largest delta frame; the larger of the two is
reported as state_bytes (target: ≤ 50 KB at 10 000 objects).

Usage: .venv/bin/python benchmarks/register_events.py [--objects 100 10000] [--iterations 40]
The last line printed is one JSON object with the headline figures:
{"p95_ms_100": …, "p95_ms_10000": …, "state_bytes_10000": …, …}.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from cleverstore import db as database  # noqa: E402
from cleverstore.models import Category, Item, Location  # noqa: E402
from cleverstore.models.base import utcnow  # noqa: E402
from cleverstore.services.register.items import PAGE_SIZE, search_text_of  # noqa: E402
from cleverstore.services.register import search_index  # noqa: E402
from tests.e2e.helpers import log_in  # noqa: E402
from tests.helpers.app_server import RunningApp, start_app, stop_app  # noqa: E402
from tests.helpers.browser_benchmarks import CHROMIUM, CHROMIUM_ARGS, paid_customer, percentile, use_app_database  # noqa: E402,E501


DEFAULT_SIZES = (100, 10_000)
DEFAULT_ITERATIONS = 40
WARMUP_STEPS = 3            # untimed steps before each action, to warm caches and the JIT
STEP_TIMEOUT_MS = 15_000    # a step with no DOM change in this time counts as a failure
SEARCH_DEBOUNCE_MS = 250    # on_change=RegisterState.set_search.debounce(250)
QUIET_SECONDS = 0.5         # the socket counts as settled after this long without a frame
PAGE_TIMEOUT_MS = 30_000

CATEGORIES = ("Elektronik", "Möbler", "Verktyg", "Kök", "Kläder", "Smycken", "Böcker", "Sport",
              "Trädgård", "Musik", "Konst", "Leksaker", "Foto", "Datorer", "Telefoner", "Cyklar",
              "Belysning", "Textil", "Samlingar", "Övrigt")
LOCATIONS = tuple(f"{room} {floor}" for floor in ("uppe", "nere", "källare")
                  for room in ("Vardagsrum", "Kök", "Sovrum", "Hall", "Förråd",
                               "Garage", "Kontor", "Badrum", "Vind", "Balkong"))
MANUFACTURERS = ("Bosch", "Sony", "IKEA", "Apple", "Samsung", "Husqvarna", "Philips",
                 "Electrolux", "Canon", "Fiskars", "Marimekko", "Rörstrand")
THINGS = ("Lampa", "Stol", "Borrmaskin", "Kamera", "Soffa", "Kaffebryggare", "Klocka",
          "Cykel", "Högtalare", "Matta", "Tavla", "Gitarr", "Dator", "Telefon", "Bord")

# Runs one user action inside the page and resolves with the milliseconds from dispatching it to
# the first DOM change of the rows or the pager text (null on timeout), and what the watched
# elements said before and after, so that the caller can check the action did its work.
TIME_ACTION_JS = """
async ({ element, kind, value, watched, timeoutMs }) => {
  const targets = watched.map((selector) => document.querySelector(selector)).filter(Boolean);
  if (targets.length === 0) throw new Error("nothing to watch: " + watched.join(", "));
  const shown = () => targets.map((target) => target.textContent).join("\u241e");
  const before = shown();
  const elapsed = await new Promise((resolve) => {
    let start = 0;
    let timer = 0;
    const observer = new MutationObserver(() => finish(performance.now() - start));
    const finish = (result) => { observer.disconnect(); clearTimeout(timer); resolve(result); };
    for (const target of targets) {
      observer.observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
    }
    timer = setTimeout(() => finish(null), timeoutMs);
    start = performance.now();
    if (kind === "select") {
      element.value = value;
      element.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (kind === "type") {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
      setValue.call(element, value);
      element.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      element.click();
    }
  });
  // let React finish the frame before the next action starts
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const rows = document.querySelectorAll("table.items tbody tr").length;
  return { elapsed, before, after: shown(), rows, path: location.pathname };
}
"""
WATCHED = ["table.items tbody", "nav.pager .pager-status"]


@dataclass
class ActionResult:
    name: str
    samples_ms: list[float] = field(default_factory=list)
    failures: int = 0  # timed steps that did not do their work (no change, no rows, or sent elsewhere)
    largest_frame_bytes: int = 0
    received_bytes: int = 0


@dataclass
class SizeResult:
    objects: int
    app_start_s: float
    hydrate_bytes: int = 0
    actions: list[ActionResult] = field(default_factory=list)
    counter: ActionResult | None = None


class FrameLog:
    """Sizes of the frames the page receives on the Reflex event websocket."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def attach(self, page: Page) -> None:
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, websocket) -> None:
        if "_event" in websocket.url:
            websocket.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        self.sizes.append(len(payload.encode() if isinstance(payload, str) else payload))

    def wait_until_quiet(self, page: Page, quiet: float = QUIET_SECONDS, limit: float = 10.0) -> None:
        """Short polling until no frame arrived for `quiet` seconds (at most `limit` seconds)."""
        deadline = time.monotonic() + limit
        seen, quiet_since = len(self.sizes), time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver pending frame events
            if len(self.sizes) != seen:
                seen, quiet_since = len(self.sizes), time.monotonic()
            elif time.monotonic() - quiet_since >= quiet:
                return


# --- figures -------------------------------------------------------------------

def summary(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values, default=float("nan"))}


# --- data ----------------------------------------------------------------------

def item_rows(account_id: int, count: int, category_ids: list[int], location_ids: list[int]) -> list[dict]:
    """`count` varied objects, the same every run."""
    rng = random.Random(count)
    now = utcnow()
    rows = []
    for number in range(1, count + 1):
        price = rng.randint(100, 50_000) * 100
        rows.append(dict(
            account_id=account_id,
            name=f"{rng.choice(THINGS)} {number:05d}",
            description="",
            category_id=category_ids[number % len(category_ids)],
            location_id=location_ids[rng.randrange(len(location_ids))],
            quantity=rng.randint(1, 4),
            manufacturer=MANUFACTURERS[number % len(MANUFACTURERS)],
            model=f"M{rng.randint(100, 999)}",
            serial_number=f"SN{number:08d}",
            purchase_date=date(2015, 1, 1) + timedelta(days=rng.randrange(3650)),
            purchase_price_ore=price,
            current_value_ore=int(price * rng.uniform(0.1, 1.0)),
            warranty_end=None,
            notes="",
            status="in_use",
            created_at=now,
            updated_at=now - timedelta(minutes=rng.randrange(100_000)),
        ))
        rows[-1]["search_text"] = search_text_of(rows[-1])
    return rows


def seed_register(app: RunningApp, count: int) -> str:
    """Sign up one customer in the app's database and give them `count` objects; returns the e-mail."""
    use_app_database(app)
    email = f"bench{count}@example.se"
    with database.session_scope() as db:
        account = paid_customer(db, email)
        add_objects(db, account.id, count)
    database.dispose_engines()
    return email


def add_objects(db, account_id: int, count: int) -> None:
    """`count` varied objects in the register's own categories and places, inserted in batches."""
    categories = [Category(account_id=account_id, name=name, useful_life_years=5 + n % 10)
                  for n, name in enumerate(CATEGORIES)]
    locations = [Location(account_id=account_id, name=name) for name in LOCATIONS]
    db.add_all(categories + locations)
    db.flush()
    rows = item_rows(account_id, count, [c.id for c in categories], [loc.id for loc in locations])
    for start in range(0, len(rows), 2000):
        db.connection().execute(insert(Item.__table__), rows[start:start + 2000])
    search_index.refresh(db, account_id)  # each document holds its place too, as the app writes it


# --- browser -------------------------------------------------------------------

def open_register(browser: Browser, app: RunningApp, email: str, frames: FrameLog) -> Page:
    """Log in, then load /register afresh so that its hydrate arrives on a new, logged socket."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    rows = page.locator("table.items tbody tr").first
    log_in(page, app.base_url, email)
    rows.wait_for(state="visible")  # the login's own /register load is done: its socket stays unlogged
    frames.attach(page)
    page.goto(app.url("/register"))
    rows.wait_for(state="visible")
    frames.wait_until_quiet(page)
    return page


def register_step_done(outcome: dict) -> bool:
    """A register step did its work: the rows or the pager changed, rows are shown, and the customer
    is still on /register (a refused event sends them to /login or /billing)."""
    return (outcome["elapsed"] is not None and outcome["after"] != outcome["before"] and outcome["rows"] > 0
            and outcome["path"].rstrip("/") == "/register")


def counter_step_done(outcome: dict) -> bool:
    """A counter click did its work: the number went up by one."""
    try:
        return outcome["elapsed"] is not None and int(outcome["after"]) == int(outcome["before"]) + 1
    except ValueError:
        return False


def run_action(page: Page, frames: FrameLog, name: str, steps: list[tuple], iterations: int,
               watched: list[str] = WATCHED, done=register_step_done) -> ActionResult:
    """Run the steps (element, kind, value) one at a time, each timed inside the page.

    The first WARMUP_STEPS warm up, the next `iterations` are measured, and any after those only
    bring the page back to where it started. A measured step that did not do its work (`done`)
    counts as a failure and its time is not a sample.
    """
    result = ActionResult(name)
    for index, (element, kind, value) in enumerate(steps):
        first_frame = len(frames.sizes)
        outcome = page.evaluate(TIME_ACTION_JS, {"element": element, "kind": kind, "value": value,
                                                 "watched": watched, "timeoutMs": STEP_TIMEOUT_MS})
        if not WARMUP_STEPS <= index < WARMUP_STEPS + iterations:
            continue
        if not done(outcome):
            result.failures += 1
        else:
            result.samples_ms.append(outcome["elapsed"])
        received = frames.sizes[first_frame:]
        result.received_bytes += sum(received)
        result.largest_frame_bytes = max([result.largest_frame_bytes, *received])
    frames.wait_until_quiet(page, quiet=0.3)
    return result


def option_values(page: Page, label: str) -> list[str]:
    options = page.get_by_label(label, exact=True).locator("option")
    return [value for value in options.evaluate_all("os => os.map(o => o.value)") if value]


def alternating(values: list, count: int, rest) -> list:
    """value, rest, next value, rest, … ending on rest: every step changes what the page shows."""
    sequence = [values[(i // 2) % len(values)] if i % 2 == 0 else rest for i in range(count)]
    return sequence + ([rest] if sequence[-1] != rest else [])


def cycling(values: list, count: int, start) -> list:
    """Each value after `start` in turn, ending on `start`."""
    offset = values.index(start) + 1
    sequence = [values[(offset + i) % len(values)] for i in range(count)]
    return sequence + ([start] if sequence[-1] != start else [])


def measure_actions(page: Page, frames: FrameLog, iterations: int) -> list[ActionResult]:
    """Category filter, sort, paging and search; each starts and ends on the unfiltered page 1 by name."""
    count = WARMUP_STEPS + iterations
    category = page.get_by_label("Kategori", exact=True).element_handle()
    sort = page.get_by_label("Sortera", exact=True).element_handle()
    search = page.get_by_label("Sök", exact=True).element_handle()
    pager = page.get_by_role("navigation", name="Sidor")
    next_page = pager.get_by_role("button", name="Nästa").element_handle()
    previous_page = pager.get_by_role("button", name="Föregående").element_handle()
    actions = {
        "category": [(category, "select", value)
                     for value in alternating(option_values(page, "Kategori"), count, "")],
        "sort": [(sort, "select", value) for value in cycling(option_values(page, "Sortera"), count, "name")],
        "page": [(button, "click", None) for button in alternating([next_page], count, previous_page)],
        "search": [(search, "type", value) for value in alternating(list(MANUFACTURERS), count, "")],
    }
    return [run_action(page, frames, name, steps, iterations) for name, steps in actions.items()]


def measure_counter(browser: Browser, app: RunningApp, iterations: int) -> ActionResult:
    """The yardstick: clicks on the bare counter page, timed exactly like the register's actions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    frames = FrameLog()
    frames.attach(page)
    page.goto(app.url("/bench-counter"))
    expect(page.locator("#bench-counter-value")).to_have_text("0")
    frames.wait_until_quiet(page)
    button = page.locator("#bench-counter-button").element_handle()
    steps = [(button, "click", None)] * (WARMUP_STEPS + iterations)
    result = run_action(page, frames, "counter", steps, iterations, watched=["#bench-counter-value"],
                        done=counter_step_done)
    context.close()
    return result


# --- one size, all sizes -------------------------------------------------------

def measure_size(browser: Browser, count: int, iterations: int) -> SizeResult:
    started = time.perf_counter()
    app = start_app(f"bench{count}", extra_env={"CLEVERSTORE_BENCH_COUNTER": "1"})  # the bare-event yardstick
    try:
        result = SizeResult(count, app_start_s=time.perf_counter() - started)
        log(f"[{count}] app answered /healthz after {result.app_start_s:.1f} s; seeding {count} objects")
        email = seed_register(app, count)
        frames = FrameLog()
        page = open_register(browser, app, email, frames)
        result.hydrate_bytes = sum(frames.sizes)
        log(f"[{count}] register loaded ({result.hydrate_bytes} B hydrate); timing {iterations} steps per action")
        result.actions = measure_actions(page, frames, iterations)
        page.context.close()
        log(f"[{count}] timing the bare counter on the same server")
        result.counter = measure_counter(browser, app, iterations)
    finally:
        stop_app(app)
    shutil.rmtree(app.data_dir, ignore_errors=True)  # kept when something failed, for its app.log
    return result


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def report(result: SizeResult) -> dict[str, float]:
    """Print one size's figures; returns its headline figures for the JSON line."""
    n = result.objects
    print(f"\nRegister with {n} objects")
    print(f"  app start (migrate + reflex run --env prod to /healthz): {result.app_start_s:.1f} s")
    print(f"  initial hydrate of /register: {result.hydrate_bytes} B over the websocket")
    print(f"  {'action':<10}{'n':>4}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
          f"{'max frame B':>13}{'B/step':>9}")
    for action in result.actions:
        figures = summary(action.samples_ms)
        print(f"  {action.name:<10}{len(action.samples_ms):>4}{action.failures:>6}{figures['p50']:>9.1f}"
              f"{figures['p95']:>9.1f}{figures['max']:>9.1f}{action.largest_frame_bytes:>13}"
              f"{action.received_bytes / max(1, len(action.samples_ms) + action.failures):>9.0f}")
    search = next(a for a in result.actions if a.name == "search")
    search_net = [ms - SEARCH_DEBOUNCE_MS for ms in search.samples_ms]
    net = summary(search_net)
    print(f"  search minus the {SEARCH_DEBOUNCE_MS} ms debounce: p50 {net['p50']:.1f} ms, p95 {net['p95']:.1f} ms")
    undebounced = [ms for a in result.actions if a.name != "search" for ms in a.samples_ms]
    overall = summary(undebounced)
    print(f"  overall (category, sort, page): p50 {overall['p50']:.1f} ms, p95 {overall['p95']:.1f} ms, "
          f"max {overall['max']:.1f} ms")
    counter = summary(result.counter.samples_ms)
    largest_frame = max(a.largest_frame_bytes for a in result.actions)
    state_bytes = max(result.hydrate_bytes, largest_frame)
    print(f"  bare counter on the same server: p50 {counter['p50']:.1f} ms, p95 {counter['p95']:.1f} ms "
          f"({result.counter.failures} failures); register p95 = {overall['p95'] / counter['p95']:.1f}× counter p95")
    print(f"  state per client: hydrate {result.hydrate_bytes} B, largest delta {largest_frame} B "
          f"→ state_bytes {state_bytes} B (target ≤ 51200)")
    return {
        "p95": overall["p95"], "p50": overall["p50"], "max": overall["max"],
        "search_net_p50": net["p50"], "search_net_p95": net["p95"],
        "state_bytes": state_bytes, "largest_frame_bytes": largest_frame,
        "hydrate_bytes": result.hydrate_bytes, "app_start_s": result.app_start_s,
        "counter_p95": counter["p95"], "counter_p50": counter["p50"],
        "failures": sum(a.failures for a in result.actions) + result.counter.failures,
    }


def headline(figures: dict[int, dict[str, float]]) -> dict[str, float]:
    """The JSON line: p95_ms_<n> and state_bytes_<n> first, then the rest, then the two target ratios."""
    keys = (("p95_ms", "p95"), ("state_bytes", "state_bytes"), ("p50_ms", "p50"), ("max_ms", "max"),
            ("counter_p95_ms", "counter_p95"), ("counter_p50_ms", "counter_p50"),
            ("search_net_p50_ms", "search_net_p50"), ("search_net_p95_ms", "search_net_p95"),
            ("largest_frame_bytes", "largest_frame_bytes"), ("hydrate_bytes", "hydrate_bytes"),
            ("app_start_s", "app_start_s"))
    line = {}
    for key, name in keys:
        for count, values in figures.items():
            value = values[name]
            line[f"{key}_{count}"] = round(value, 1) if isinstance(value, float) else value
    line["failed_actions"] = sum(values["failures"] for values in figures.values())
    smallest, largest = min(figures), max(figures)
    line["p95_vs_counter_p95"] = round(max(v["p95"] / v["counter_p95"] for v in figures.values()), 2)
    line[f"p95_{largest}_vs_{smallest}"] = round(figures[largest]["p95"] / figures[smallest]["p95"], 2)
    return line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        help="register sizes to measure (default: 100 1000)")
    parser.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS,
                        help="timed steps per action and size (default: 40)")
    args = parser.parse_args(argv)
    if any(n <= PAGE_SIZE for n in args.objects):
        parser.error(f"--objects must be above {PAGE_SIZE} so that the register has a second page")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    figures: dict[int, dict[str, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for count in args.objects:
                figures[count] = report(measure_size(browser, count, args.iterations))
        finally:
            browser.close()
    print(json.dumps(headline(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
