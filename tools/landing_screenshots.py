"""Screenshots of the real register for the landing page (assets/landing/).

Starts CleverStore on a fresh database with `tests/helpers/app_server.py`, fills a demo customer's
register with 25 Swedish belongings and a photo of each (drawn here with Pillow), logs in with
Debian's Chromium and writes the register at 390×844 (phone) and 1280×800 (desktop) as WebP files
of at most 150 kB. The build writes `.web/`: run it from a copy of the project, not while another
build runs in the same directory.

    python -m tools.landing_screenshots [--out assets/landing]
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.app_server import start_app, stop_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
EMAIL = "anna.lindqvist@example.se"
PASSWORD = "kaffe och kanelbullar"
MAX_BYTES = 150_000
SHOTS = (("register-phone.webp", 390, 844), ("register-desktop.webp", 1280, 800))

# name, category, place, maker, model, purchase price (kr), current value (kr), shape, colour
BELONGINGS = (
    ("Soffa Söderhamn 3-sits", "Möbler", "Hemma/Vardagsrum", "IKEA", "Söderhamn", 8995, 6000, "sofa", (86, 110, 140)),
    ("TV Samsung 65\" QLED", "Elektronik", "Hemma/Vardagsrum", "Samsung", "QE65Q80C", 14990, 9500, "screen", (30, 34, 40)),
    ("Kaffemaskin Moccamaster", "Kök", "Hemma/Kök", "Technivorm", "KBG Select", 2990, 2200, "kettle", (170, 40, 40)),
    ("Cykel Crescent Elda", "Fritid", "Hemma/Förråd", "Crescent", "Elda", 7490, 4500, "bike", (40, 90, 60)),
    ("Laptop MacBook Air M2", "Elektronik", "Hemma/Arbetsrum", "Apple", "MacBook Air 13", 15995, 11000, "laptop", (150, 155, 165)),
    ("Diskmaskin Bosch Serie 6", "Vitvaror", "Hemma/Kök", "Bosch", "SMV6ZCX00E", 8490, 6000, "box", (220, 222, 225)),
    ("Kamera Fujifilm X-T5", "Foto", "Hemma/Arbetsrum", "Fujifilm", "X-T5", 19990, 16000, "camera", (45, 45, 50)),
    ("Gitarr Gibson Les Paul", "Musik", "Hemma/Vardagsrum", "Gibson", "Les Paul Standard", 29900, 27000, "guitar", (160, 70, 30)),
    ("Matbord ek 180 cm", "Möbler", "Hemma/Kök", "Skandiform", "Ek 180", 12500, 9000, "table", (170, 120, 70)),
    ("Robotdammsugare Roborock", "Vitvaror", "Hemma/Hall", "Roborock", "S8", 6490, 4000, "round", (60, 60, 65)),
    ("Hörlurar Sony WH-1000XM5", "Elektronik", "Hemma/Sovrum", "Sony", "WH-1000XM5", 3990, 2800, "headphones", (35, 35, 40)),
    ("Armbandsur Omega Seamaster", "Smycken", "Hemma/Sovrum", "Omega", "Seamaster", 52000, 55000, "watch", (190, 170, 110)),
    ("Tavla Lisa Larson-tryck", "Konst", "Hemma/Vardagsrum", "Lisa Larson", "Mikey", 1800, 2500, "frame", (230, 200, 120)),
    ("Mobil iPhone 15", "Elektronik", "Hemma/Sovrum", "Apple", "iPhone 15", 10995, 7500, "phone", (60, 80, 120)),
    ("Köksmaskin KitchenAid", "Kök", "Hemma/Kök", "KitchenAid", "Artisan 5KSM175", 6990, 5000, "kettle", (190, 30, 60)),
    ("Skidor Atomic Redster", "Fritid", "Hemma/Förråd", "Atomic", "Redster Q9", 8990, 5000, "skis", (200, 40, 40)),
    ("Fåtölj Lamino", "Möbler", "Hemma/Vardagsrum", "Swedese", "Lamino", 24900, 20000, "chair", (120, 90, 60)),
    ("Spelkonsol PlayStation 5", "Elektronik", "Hemma/Vardagsrum", "Sony", "PS5", 6490, 4500, "box", (235, 236, 240)),
    ("Symaskin Husqvarna", "Hobby", "Hemma/Arbetsrum", "Husqvarna", "Opal 690Q", 8990, 6500, "box", (240, 240, 236)),
    ("Tvättmaskin Electrolux", "Vitvaror", "Hemma/Tvättstuga", "Electrolux", "EW8F8669Q8", 9990, 7000, "round", (215, 218, 222)),
    ("Högtalare Sonos Five", "Elektronik", "Hemma/Vardagsrum", "Sonos", "Five", 6490, 5000, "box", (30, 30, 30)),
    ("Glasserie Orrefors", "Kök", "Hemma/Kök", "Orrefors", "Intermezzo", 3200, 3000, "glass", (170, 200, 220)),
    ("Borrmaskin Makita", "Verktyg", "Hemma/Förråd", "Makita", "DHP485", 2490, 1500, "drill", (0, 130, 140)),
    ("Barnvagn Emmaljunga", "Barn", "Hemma/Hall", "Emmaljunga", "NXT90", 9990, 4000, "round", (70, 75, 90)),
    ("Golfbag med klubbor", "Fritid", "Hemma/Förråd", "Callaway", "Paradym", 14500, 9000, "skis", (30, 60, 40)),
)


def product_photo(shape: str, colour: tuple[int, int, int], seed: int) -> bytes:
    """A studio-like product photo: a soft backdrop, a shadow and a simple shape in the product's colour."""
    rnd = random.Random(seed)
    size = 640
    back = tuple(min(255, 200 + rnd.randint(0, 50)) for _ in range(3))
    image = Image.new("RGB", (size, size), back)
    draw = ImageDraw.Draw(image)
    for y in range(size):  # a gentle vertical light
        shade = int(18 * y / size)
        draw.line([(0, y), (size, y)], fill=tuple(max(0, c - shade) for c in back))
    shadow = Image.new("L", (size, size), 0)
    ImageDraw.Draw(shadow).ellipse((130, 500, 510, 560), fill=110)
    image.paste((40, 40, 40), (0, 0), shadow.filter(ImageFilter.GaussianBlur(18)))
    draw = ImageDraw.Draw(image)
    dark = tuple(max(0, c - 45) for c in colour)
    light = tuple(min(255, c + 50) for c in colour)
    if shape == "sofa":
        draw.rounded_rectangle((110, 280, 530, 470), 40, fill=colour)
        draw.rounded_rectangle((140, 220, 500, 330), 30, fill=light)
        draw.rounded_rectangle((90, 300, 160, 470), 25, fill=dark)
        draw.rounded_rectangle((480, 300, 550, 470), 25, fill=dark)
    elif shape in ("screen", "laptop"):
        draw.rounded_rectangle((110, 170, 530, 430), 12, fill=colour)
        draw.rectangle((125, 185, 515, 415), fill=(60, 110, 160))
        draw.polygon([(125, 415), (515, 185), (515, 415)], fill=(90, 140, 190))
        if shape == "laptop":
            draw.rounded_rectangle((80, 430, 560, 460), 8, fill=dark)
        else:
            draw.rectangle((300, 430, 340, 490), fill=dark)
            draw.rounded_rectangle((230, 485, 410, 500), 6, fill=dark)
    elif shape == "kettle":
        draw.rounded_rectangle((220, 200, 420, 480), 40, fill=colour)
        draw.rounded_rectangle((190, 460, 450, 500), 10, fill=dark)
        draw.rounded_rectangle((400, 250, 470, 400), 30, outline=dark, width=18)
        draw.ellipse((260, 240, 380, 300), fill=light)
    elif shape == "bike":
        for x in (200, 440):
            draw.ellipse((x - 95, 330, x + 95, 520), outline=(30, 30, 30), width=14)
        draw.line([(200, 425), (300, 300), (440, 425), (330, 425), (200, 425)], fill=colour, width=16)
        draw.line([(300, 300), (280, 250)], fill=colour, width=14)
        draw.line([(400, 300), (430, 250)], fill=dark, width=12)
    elif shape in ("box", "round"):
        draw.rounded_rectangle((180, 170, 460, 490), 18, fill=colour, outline=dark, width=4)
        if shape == "round":
            draw.ellipse((230, 260, 410, 440), fill=dark, outline=light, width=10)
        else:
            draw.rectangle((200, 190, 440, 230), fill=dark)
    elif shape == "camera":
        draw.rounded_rectangle((150, 240, 490, 450), 26, fill=colour)
        draw.rounded_rectangle((240, 200, 360, 250), 10, fill=colour)
        draw.ellipse((240, 270, 400, 430), fill=(20, 20, 25), outline=(120, 120, 125), width=10)
        draw.ellipse((290, 320, 350, 380), fill=(70, 90, 130))
    elif shape == "guitar":
        draw.ellipse((200, 300, 440, 520), fill=colour)
        draw.ellipse((230, 220, 410, 380), fill=colour)
        draw.rectangle((305, 80, 335, 330), fill=(60, 40, 25))
        draw.ellipse((290, 370, 350, 430), fill=(30, 20, 10))
    elif shape == "table":
        draw.rounded_rectangle((90, 260, 550, 300), 8, fill=colour)
        for x in (120, 500):
            draw.rectangle((x, 300, x + 24, 500), fill=dark)
    elif shape == "headphones":
        draw.arc((180, 150, 460, 430), 180, 360, fill=colour, width=26)
        draw.rounded_rectangle((160, 290, 240, 440), 30, fill=colour)
        draw.rounded_rectangle((400, 290, 480, 440), 30, fill=colour)
    elif shape == "watch":
        draw.rounded_rectangle((280, 120, 360, 520), 20, fill=(70, 70, 75))
        draw.ellipse((220, 220, 420, 420), fill=colour, outline=dark, width=12)
        draw.ellipse((250, 250, 390, 390), fill=(25, 45, 80))
        draw.line([(320, 320), (320, 270)], fill=(240, 240, 240), width=6)
        draw.line([(320, 320), (360, 330)], fill=(240, 240, 240), width=5)
    elif shape == "frame":
        draw.rectangle((170, 130, 470, 500), fill=(60, 45, 30))
        draw.rectangle((195, 155, 445, 475), fill=(250, 246, 236))
        draw.ellipse((250, 240, 390, 400), fill=colour)
        draw.ellipse((285, 290, 305, 310), fill=(30, 30, 30))
        draw.ellipse((335, 290, 355, 310), fill=(30, 30, 30))
    elif shape == "phone":
        draw.rounded_rectangle((230, 130, 410, 500), 30, fill=(25, 25, 30))
        draw.rounded_rectangle((242, 145, 398, 485), 22, fill=colour)
    elif shape == "skis":
        for offset in (0, 60):
            draw.rounded_rectangle((230 + offset, 80, 270 + offset, 540), 20, fill=colour, outline=dark, width=4)
    elif shape == "chair":
        draw.rounded_rectangle((190, 340, 450, 400), 16, fill=colour)
        draw.rounded_rectangle((210, 180, 430, 350), 30, fill=light)
        draw.line([(210, 400), (180, 510)], fill=dark, width=14)
        draw.line([(430, 400), (460, 510)], fill=dark, width=14)
    elif shape == "glass":
        for x in (220, 330):
            draw.polygon([(x, 200), (x + 90, 200), (x + 70, 470), (x + 20, 470)], fill=colour, outline=(120, 150, 170))
    elif shape == "drill":
        draw.rounded_rectangle((170, 220, 440, 300), 30, fill=colour)
        draw.rectangle((440, 245, 520, 275), fill=(90, 90, 95))
        draw.rounded_rectangle((250, 280, 320, 470), 20, fill=(40, 40, 45))
        draw.rounded_rectangle((220, 460, 350, 510), 10, fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def seed_register(app) -> None:
    """The demo customer with a paid subscription and the belongings, straight through the services."""
    os.environ.update(app.env)
    from cleverstore.db import session_scope
    from cleverstore.models.base import utcnow
    from cleverstore.services.register import files, items
    from tests.helpers.factories import activated_sign_up, signup_form, subscribe

    with session_scope() as db:
        account = activated_sign_up(db, signup_form(name="Anna Lindqvist", email=EMAIL, password=PASSWORD,
                                                    password_repeat=PASSWORD, city="Uppsala",
                                                    street="Svartbäcksgatan 12", postal_code="753 20"))
        account.email_verified_at = utcnow()
        db.add(account)
        subscribe(db, account, plan_code="plus")
        for number, (name, category, place, maker, model, bought, worth, shape, colour) in enumerate(BELONGINGS):
            item = items.create_item(db, account.id, {
                "name": name, "category": category, "location": place, "manufacturer": maker, "model": model,
                "quantity": "1", "purchase_price": str(bought), "current_value": str(worth),
                "replacement_value": str(round(bought * 1.1)), "purchase_date": f"20{18 + number % 7}-0{1 + number % 9}-1{number % 10}",
                "insured": "on",
            })
            files.attach(db, account.id, item.id, "photo", product_photo(shape, colour, number), f"{shape}-{number}.jpg")


def optimised_webp(png: bytes) -> bytes:
    """The smallest WebP at a quality that still reads well, under MAX_BYTES."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for quality in (82, 75, 68, 60, 50, 40):
        out = io.BytesIO()
        image.save(out, "WEBP", quality=quality, method=6)
        if out.tell() <= MAX_BYTES:
            return out.getvalue()
    raise RuntimeError("the screenshot does not fit in 150 kB")


def take_screenshots(app, out_dir: Path) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            for filename, width, height in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
                page = context.new_page()
                page.goto(app.url("/login"))
                page.get_by_label("E-postadress").fill(EMAIL)
                page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
                page.get_by_role("button", name="Logga in").click()
                page.wait_for_url("**/register**")
                expect(page.get_by_role("heading", name="Mitt register")).to_be_visible(timeout=30_000)
                expect(page.get_by_role("link", name="Soffa Söderhamn 3-sits").first).to_be_visible(timeout=30_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_function("[...document.images].filter(i => i.getBoundingClientRect().top < innerHeight)"
                                       ".every(i => i.complete && i.naturalWidth > 0)")
                target = out_dir / filename
                target.write_bytes(optimised_webp(page.screenshot()))
                written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "landing")
    out_dir = parser.parse_args().out
    out_dir.mkdir(parents=True, exist_ok=True)
    app = start_app("landing")
    try:
        seed_register(app)
        for path in take_screenshots(app, out_dir):
            print(f"{path} {path.stat().st_size // 1000} kB")
    finally:
        stop_app(app)


if __name__ == "__main__":
    main()
