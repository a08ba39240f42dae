"""The reader: any CSV a spreadsheet writes, an Excel workbook's first sheet, and one clear message for a
file it cannot read (never a raw csv or openpyxl error)."""
import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from cleverstore.services.imports.reader import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, read_table
from cleverstore.services.shared.errors import ValidationFailed


def refused(data: bytes, filename: str = "") -> str:
    with pytest.raises(ValidationFailed) as failed:
        read_table(data, filename)
    assert list(failed.value.errors) == ["file"]
    return failed.value.errors["file"]


def workbook(rows, *, title="Föremål") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("ending", ["\r", "\n", "\r\n"])
def test_every_line_ending_reads_the_same(ending):
    text = ending.join(["name;quantity", "Bord;1", "", '"Stol, röd";2', ""])
    table = read_table(text.encode("utf-8"), "hus.csv")
    assert table.headers == ["name", "quantity"] and table.rows == [["Bord", "1"], ["Stol, röd", "2"]]
    assert table.line_numbers == [2, 4] and table.separator == ";"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_encodings_and_separators(encoding, separator):
    text = separator.join(["Benämning", "Antal", "Pris"]) + "\n" + separator.join(["Kökssoffa", "1", "1299"]) + "\n"
    table = read_table(text.encode(encoding), "lista.csv")
    assert table.headers == ["Benämning", "Antal", "Pris"] and table.rows == [["Kökssoffa", "1", "1299"]]


def test_a_quoted_cell_keeps_its_line_breaks_and_lines_are_counted_in_the_file():
    table = read_table(b'name,notes\nA,"one\ntwo\nthree"\nB,x\n', "a.csv")
    assert table.rows == [["A", "one\ntwo\nthree"], ["B", "x"]] and table.line_numbers == [2, 5]


def test_short_rows_are_padded_repeated_headers_kept_apart_and_blank_rows_skipped():
    table = read_table(b"\n\nname;notes;notes;\nA\n;;;\nB;x;y;z\n", "a.csv")
    assert table.headers == ["name", "notes", "notes (2)"]
    assert table.rows == [["A", "", ""], ["B", "x", "y"]] and table.line_numbers == [4, 6]


@pytest.mark.parametrize("data, key", [
    (b"name\nx\n" + b"y" * 200_000 + b"\n", "import.cell_too_long"),          # past csv's own field limit
    (b'name\n"' + b"y" * 200_000 + b"\n", "import.cell_too_long"),             # an unclosed quote, too
    (b"name\n" + b"y" * 40_000 + b"\n", "import.cell_too_long"),              # past what an Excel cell holds
    (b"", "import.empty"),
    (b"name\n\n\n", "import.empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "import.not_text"),
    (b"name\n" + b"x\n" * (MAX_IMPORT_ROWS + 1), "import.too_many_rows"),
    (b"x" * (MAX_IMPORT_BYTES + 1), "import.too_big"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "import.old_excel"),
    (b"PK\x03\x04 not really a zip", "import.unreadable"),
])
def test_a_file_that_cannot_be_read_gets_one_clear_message(data, key):
    assert refused(data, "file.csv") == key


def test_the_row_limit_counts_rows_not_lines():
    rows = b"".join(b"Sak %d\n" % n for n in range(MAX_IMPORT_ROWS))
    assert len(read_table(b"name\n\n" + rows + b"\n\n", "a.csv").rows) == MAX_IMPORT_ROWS


def test_a_workbooks_first_sheet_with_dates_and_numbers_as_a_person_reads_them():
    data = workbook([
        [None, None],
        ["Benämning", "Antal", "Pris", "Köpt", "Försäkrad", "Kommentar"],
        ["Soffa", 1, 0.1 + 0.2, datetime(2021, 10, 13), True, None],
        [None, None, None, None, None, None],
        ["Lampa", 2.0, 1299.99, date(2020, 1, 2), False, "repa på sidan"],
    ])
    table = read_table(data, "hus.xlsx")
    assert table.headers == ["Benämning", "Antal", "Pris", "Köpt", "Försäkrad", "Kommentar"]
    assert table.rows == [["Soffa", "1", "0.3", "2021-10-13", "true", ""],
                          ["Lampa", "2", "1299.99", "2020-01-02", "false", "repa på sidan"]]
    assert table.line_numbers == [3, 5] and table.separator == ""


def test_a_workbook_is_known_by_its_content_whatever_its_name():
    assert read_table(workbook([["name"], ["Bord"]]), "export.bin").rows == [["Bord"]]


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_workbook_that_unpacks_too_far_is_refused_before_openpyxl_reads_it():
    bomb = _zip({"xl/worksheets/sheet1.xml": b"0" * (90 * 1024 * 1024)})
    assert len(bomb) < MAX_IMPORT_BYTES
    assert refused(bomb, "bomb.xlsx") == "import.xlsx_too_big"
    many = _zip({f"xl/{n}.xml": b"" for n in range(1_200)})
    assert refused(many, "many.xlsx") == "import.xlsx_too_big"


def test_a_zip_that_is_not_a_workbook_is_unreadable():
    assert refused(_zip({"hello.txt": b"hi"}), "a.xlsx") == "import.unreadable"
