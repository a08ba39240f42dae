"""The dashboard draws real charts of what the register is worth (by category, by place, over time) with the
same figures in tables, fits a phone and a wide screen, and keeps still while its figures arrive."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from cleverstore.services.shared.money import format_ore
from tests.e2e import page_checks
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import sign_up, unique_email

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
BLOCKS = (".dashboard-summary", ".dashboard-attention", ".chart-time-panel", ".chart-category-panel",
          ".chart-location-panel", ".dashboard-warranty-panel")

# Collects the layout shifts and, on every frame, where the dashboard's blocks are and whether its figures
# have arrived: the first frame with the blocks (the skeleton) is compared with the last (the figures).
WATCH = """
(() => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  window.__frames = [];
  const blocks = %s;
  const look = () => {
    const board = document.querySelector('.dashboard');
    if (board) {
      window.__frames.push({busy: board.getAttribute('aria-busy'), boxes: blocks.map((s) => {
        const el = document.querySelector(s);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return [Math.round(r.top + window.scrollY), Math.round(r.left), Math.round(r.width), Math.round(r.height)];
      })});
    }
    if (window.__frames.length < 2000) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
""" % list(BLOCKS)


def _month(today: date, back: int, day: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, day)


def _month_label(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _seed(app_server, email: str, today: date) -> None:
    """A register with known values (typed current values, so nothing depreciates) and known dates."""
    from sqlmodel import Session, select

    from cleverstore.db import make_engine
    from cleverstore.models import Account
    from cleverstore.services.register import items

    engine = make_engine(app_server.database_url)
    with Session(engine) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()

        def add(name, category, place, value, bought=None, quantity="1", **more):
            form = {"name": name, "category": category, "location": place, "quantity": quantity,
                    "current_value": value, "purchase_price": value, **more}
            if bought:
                form["purchase_date"] = bought.isoformat()
            items.create_item(db, account.id, form)

        add("Soffa Kivik tresits med schäslong", "Möbler", "Villan › Vardagsrum", "12000", _month(today, 5, 10))
        add("Tv LG OLED 65 tum", "Elektronik", "Villan › Vardagsrum", "8000", _month(today, 2, 3))
        add("Cykel Crescent Elskarp", "Fordon", "Garaget", "4000", _month(today, 14, 5), status="sold",
            sold_date=_month(today, 3, 20).isoformat())
        add("Borrmaskin Makita", "Verktyg", "Garaget", "1500", quantity="2")  # no purchase date: from today
        for n in range(1, 8):
            add(f"Småsak {n}", f"Hobbykategori {n}", f"Förråd {n}", str(100 * n), _month(today, 1, 1))
        db.commit()
    engine.dispose()


@pytest.fixture(scope="module")
def customer(browser, app_server):
    """A paying customer with the register above, and the cookies to open it in any window size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    email = unique_email("dagny")
    sign_up(page, app_server.base_url, name="Dagny Holmström", email=email)
    today = date.today()
    _seed(app_server, email, today)
    cookies = context.cookies()
    context.close()
    return {"cookies": cookies, "today": today}


def _rows(page, table_id: str) -> list[list[str]]:
    return page.evaluate("""(id) => [...document.querySelectorAll('#' + id + ' tbody tr')]
        .map((tr) => [...tr.children].map((c) => c.textContent.trim()))""", table_id)


def _kr(kronor: int) -> str:
    return format_ore(kronor * 100, "sv")


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_dashboard_draws_its_figures_and_keeps_still(new_page, app_server, customer, width):
    shots = ARTIFACTS / "dashboard-charts"
    shots.mkdir(parents=True, exist_ok=True)
    page = new_page({"width": width, "height": 800 if width < 700 else 900})
    page.context.add_cookies(customer["cookies"])
    page.add_init_script(WATCH)
    page.goto(app_server.url("/dashboard"))

    # the charts are drawn: an area over time and one bar per group (the six largest and "Övrigt");
    # a chart far below the screen is drawn when the customer scrolls near it
    expect(page.locator(".chart-time-panel svg.recharts-surface .recharts-area-area")).to_have_count(1)
    if width < 700:
        expect(page.locator(".chart-location-panel .chart-drawn")).to_have_attribute("data-drawn", "false")
    for panel in (".chart-category-panel", ".chart-location-panel"):
        page.locator(panel).scroll_into_view_if_needed()
        expect(page.locator(f"{panel} svg .recharts-bar-rectangle")).to_have_count(7)
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator(".dashboard")).to_have_attribute("aria-busy", "false")
    page.wait_for_timeout(600)

    # the tables say the same in kronor
    totals = page.get_by_label("Summering")
    current = 12000 + 8000 + 3000 + sum(100 * n for n in range(1, 8))
    expect(totals.locator("dd").nth(3)).to_have_text(_kr(current))
    assert _rows(page, "chart-category") == [
        ["Möbler", "1", _kr(12000)], ["Elektronik", "1", _kr(8000)], ["Verktyg", "1", _kr(3000)],
        ["Hobbykategori 7", "1", _kr(700)], ["Hobbykategori 6", "1", _kr(600)], ["Hobbykategori 5", "1", _kr(500)],
        ["Övrigt", "4", _kr(400 + 300 + 200 + 100)]]
    assert _rows(page, "chart-location") == [
        ["Villan", "2", _kr(20000)], ["Garaget", "1", _kr(3000)], ["Förråd 7", "1", _kr(700)],
        ["Förråd 6", "1", _kr(600)], ["Förråd 5", "1", _kr(500)], ["Förråd 4", "1", _kr(400)],
        ["Övrigt", "3", _kr(300 + 200 + 100)]]
    today = customer["today"]
    over_time = _rows(page, "chart-time")
    first, soffa, sold, tv = (_month(today, back, 1) for back in (14, 5, 3, 2))
    assert len(over_time) == 15
    assert over_time[0] == [_month_label(first), _kr(4000)]                # the bicycle from its purchase
    assert over_time[9] == [_month_label(soffa), _kr(4000 + 12000)]       # the sofa from its month
    assert over_time[10] == [_month_label(_month(today, 4, 1)), _kr(16000)]
    assert over_time[11] == [_month_label(sold), _kr(12000)]              # the bicycle sold on the 20th
    assert over_time[12] == [_month_label(tv), _kr(20000)]
    assert over_time[13] == [_month_label(_month(today, 1, 1)), _kr(20000 + 2800)]
    assert over_time[14] == [_month_label(today), _kr(current)]           # today: the drill counts, as the totals
    expect(page.get_by_text("Föremål utan inköpsdatum räknas från dagen de registrerades")).to_be_visible()

    # the axis speaks kronor in short
    ticks = page.locator(".chart-time-panel .recharts-yAxis-tick-labels text").all_text_contents()
    assert ticks == ["0\u00a0kr", "10\u00a0tkr", "20\u00a0tkr", "30\u00a0tkr"], ticks

    # the drawings are hidden from screen readers (the tables say the same), so they take no keyboard focus
    assert page.locator(".chart-box .chart-drawing[aria-hidden=true]").count() == 3
    assert page.locator(".chart-box [tabindex='0'], .chart-box a[href], .chart-box button").count() == 0

    # it fits
    assert page_checks.overflow(page) == []
    assert page_checks.broken_words(page) == []
    if width < 700:
        assert page_checks.small_targets(page) == []

    # nothing moved while the figures arrived
    frames = page.evaluate("window.__frames")
    skeleton = next(f for f in frames if all(f["boxes"]))
    final = frames[-1]
    assert final["busy"] == "false"
    fold = page.viewport_size["height"]
    for selector, before, after in zip(BLOCKS, skeleton["boxes"], final["boxes"]):
        if before[0] < fold:
            assert all(abs(a - b) <= 3 for a, b in zip(before, after)), (selector, before, after)
    shift = page.evaluate("window.__shift")
    assert shift <= 0.1, shift
    page.screenshot(path=shots / f"dashboard-{width}.png", full_page=True)

    # the table opens under its chart
    page.locator(".chart-category-panel summary").click()
    expect(page.locator("#chart-category")).to_be_visible()
    assert page_checks.overflow(page) == []
    page.screenshot(path=shots / f"dashboard-{width}-table.png", full_page=True)


def test_the_skeleton_has_the_final_size(new_page, app_server, customer):
    """Before the figures arrive the blocks already stand where they will stay (the page without its connection)."""
    page = new_page({"width": 375, "height": 800})
    page.context.add_cookies(customer["cookies"])
    page.route_web_socket("**/_event*", lambda ws: None)  # never answered: the figures never come
    page.route_web_socket("**/_event/**", lambda ws: None)
    page.goto(app_server.url("/dashboard"))
    expect(page.locator(".dashboard .skeleton-chart")).to_have_count(3)
    expect(page.locator(".dashboard [role=status]")).to_have_text("Hämtar översikten …")
    boxes = page.evaluate("""(blocks) => blocks.map((s) => {
        const r = document.querySelector(s).getBoundingClientRect(); return [Math.round(r.top), Math.round(r.height)];
    })""", list(BLOCKS))
    page.screenshot(path=ARTIFACTS / "dashboard-charts" / "dashboard-skeleton-375.png", full_page=True)
    page.unroute_all()
    loaded = new_page({"width": 375, "height": 800})
    loaded.context.add_cookies(customer["cookies"])
    loaded.goto(app_server.url("/dashboard"))
    expect(loaded.locator(".chart-time-panel svg.recharts-surface")).to_have_count(1)
    expect(loaded.locator(".dashboard")).to_have_attribute("aria-busy", "false")
    expect(loaded.locator(".dashboard [role=status]")).to_have_text("")
    after = loaded.evaluate("""(blocks) => blocks.map((s) => {
        const r = document.querySelector(s).getBoundingClientRect(); return [Math.round(r.top), Math.round(r.height)];
    })""", list(BLOCKS))
    for selector, before, now in zip(BLOCKS[:3], boxes[:3], after[:3]):
        assert abs(before[0] - now[0]) <= 3 and abs(before[1] - now[1]) <= 3, (selector, before, now)


def test_the_charts_speak_english_and_axe_finds_nothing_serious(browser, app_server, customer):
    """axe-core (injected, so this context alone bypasses the CSP) on the drawn dashboard with its tables open."""
    assert page_checks.axe_available(), "axe-core missing: run `make test-tools`"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE", bypass_csp=True)
    try:
        context.add_cookies(customer["cookies"])
        page = context.new_page()
        page.goto(app_server.url("/dashboard"))
        page.locator(".chart-location-panel").scroll_into_view_if_needed()
        expect(page.locator(".chart-category-panel svg .recharts-bar-rectangle")).to_have_count(7)
        expect(page.locator(".chart-location-panel svg .recharts-bar-rectangle")).to_have_count(7)
        for summary in page.locator(".chart-details summary").all():
            summary.click()
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(300)
            assert page_checks.axe_problems(page) == [], width
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", name="Value over time")).to_be_visible()
        expect(page.locator("#chart-category tbody tr").last).to_contain_text("Other")
        ticks = page.locator(".chart-time-panel .recharts-yAxis-tick-labels text")
        expect(ticks).to_have_text(["SEK\u00a00", "SEK\u00a010k", "SEK\u00a020k", "SEK\u00a030k"])
        expect(page.locator("#chart-time tbody tr").last).to_contain_text("SEK 25,800.00")
        page.set_viewport_size({"width": 375, "height": 800})
        page.wait_for_timeout(300)
        page.screenshot(path=ARTIFACTS / "dashboard-charts" / "dashboard-english-375.png", full_page=True)
    finally:
        context.close()
