"""A customer moves in with their own Excel list of the house: the page guesses the columns from the Swedish
headers, shows what will be added and which rows cannot be, imports the good rows with a progress bar,
hands back the refused ones as a file to fix, and fits a phone."""
from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_up, unique_email
from tests.e2e.page_checks import broken_words, overflow, small_targets


def _house_list() -> bytes:
    """An insurer's kind of list: 30 good rows and 2 a person got wrong."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Benämning", "Antal", "Inköpspris", "Köpt", "Rum", "Färg"])
    for number in range(30):
        sheet.append([f"Tavla {number:02d}", 1 + number % 2, 1500.5 + number, date(2021, 10, 13), "Vardagsrum", "Blå"])
    sheet.append(["Trasig stol", "två", 100, None, "Kök", None])
    sheet.append([None, 1, 50, None, "Kök", None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_list_is_mapped_previewed_and_imported(new_page, app_server, artifacts):
    page = new_page(PHONE)
    sign_up(page, app_server.base_url, name="Hilda Hemma", email=unique_email("hilda"))
    page.goto(app_server.url("/import"))
    page.get_by_label("Välj CSV-fil eller Excel-fil").set_input_files(files=[{
        "name": "hemmet.xlsx", "buffer": _house_list(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])

    # the columns: guessed from the header words, one changed by hand, kept for next time
    expect(page.get_by_role("heading", name="Vilken kolumn fyller vilket fält?")).to_be_visible()
    expect(page.get_by_label("Benämning")).to_have_value("name")
    expect(page.get_by_label("Rum")).to_have_value("location")
    page.get_by_label("Färg").select_option(label="Eget fält: Färg")
    page.get_by_label("Kom ihåg valen för nästa fil med samma kolumner").check()
    assert overflow(page) == [] and small_targets(page) == [] and broken_words(page) == []
    page.screenshot(path=artifacts / "import-mapping-phone.png", full_page=True)
    page.get_by_role("button", name="Visa förhandsvisning").click()

    # the preview: what is added, what is refused and why
    expect(page.get_by_text(re.compile(r"Format: dina egna kolumner · 32 rader"))).to_be_visible()
    expect(page.locator("#import-will-add")).to_have_text("Läggs till: 30")
    expect(page.locator("#import-will-refuse")).to_have_text("Kan inte importeras: 2")
    expect(page.locator("#import-refused")).to_contain_text("Rad 32 Trasig stol: Antal: Skriv ett heltal.")
    expect(page.locator("#import-preview-note")).to_have_text("Visar 10 av 32 rader.")
    assert overflow(page) == [] and small_targets(page) == [] and broken_words(page) == []
    page.screenshot(path=artifacts / "import-preview-phone.png", full_page=True)

    # import the good rows; the refused ones come back as a file with a column saying why
    page.get_by_role("button", name="Importera de 30 rader som går").click()
    expect(page.locator("#import-done")).to_have_text(
        "30 föremål har importerats. 2 rader importerades inte.", timeout=60_000)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Ladda ner raderna som inte gick (CSV)").click()
    download = waiting.value
    assert download.suggested_filename == "hemmet-refused.csv"
    text = open(download.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0] == "Benämning;Antal;Inköpspris;Köpt;Rum;Färg;Varför raden inte importerades"
    assert "Trasig stol;två;100;;Kök;;Antal: Skriv ett heltal." in text

    page.goto(app_server.url("/register"))
    expect(page.get_by_role("link", name="Tavla 07")).to_be_visible()

    # the next file with the same columns goes straight to the preview with the kept choices
    page.goto(app_server.url("/import"))
    page.get_by_label("Välj CSV-fil eller Excel-fil").set_input_files(files=[{
        "name": "hemmet-2.xlsx", "buffer": _house_list(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    expect(page.get_by_text(re.compile(r"Format: dina egna kolumner · 32 rader"))).to_be_visible()
    expect(page.get_by_role("button", name="Glöm de sparade kolumnvalen")).to_be_visible()
    page.get_by_role("button", name="Importera ingenting").click()
    expect(page.locator("#import-will-add")).to_have_count(0)
