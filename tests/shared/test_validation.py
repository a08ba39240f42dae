from datetime import date

import pytest

from cleverstore.services.shared.money import format_ore, ore_to_input, parse_kronor
from cleverstore.services.shared.validation import (
    FieldError,
    clean_date,
    clean_email,
    clean_int,
    clean_org_number,
    clean_phone,
    clean_postal_code,
    clean_text,
    luhn_ok,
)


@pytest.mark.parametrize("raw, expected", [
    ("559030-3979", "559030-3979"),
    ("5590303979", "559030-3979"),
    ("16559030-3979", "559030-3979"),
    (" 559030 3979 ", "559030-3979"),
])
def test_valid_org_numbers_are_normalised(raw, expected):
    assert clean_org_number(raw) == expected


@pytest.mark.parametrize("raw, key", [
    ("559030-3978", "error.org_number_checksum"),   # wrong check digit
    ("551030-3979", "error.org_number_checksum"),   # third digit < 2 is a personal number
    ("55903-03979", "error.org_number_format"),
    ("abc", "error.org_number_format"),
    ("", "error.required"),
])
def test_invalid_org_numbers_are_refused(raw, key):
    with pytest.raises(FieldError) as err:
        clean_org_number(raw)
    assert err.value.key == key


def test_luhn():
    assert luhn_ok("5590303979")
    assert not luhn_ok("5590303970")


def test_phone_numbers_become_e164():
    assert clean_phone("070-123 45 67") == "+46701234567"
    assert clean_phone("+47 412 34 567") == "+4741234567"
    with pytest.raises(FieldError):
        clean_phone("12")


def test_postal_code_and_email():
    assert clean_postal_code("11122") == "111 22"
    with pytest.raises(FieldError):
        clean_postal_code("1112")
    assert clean_email("  Anna@Example.SE ") == "anna@example.se"
    for bad in ("anna", "anna@", "anna@example", "<a>@x.se"):
        with pytest.raises(FieldError):
            clean_email(bad)


def test_text_is_trimmed_capped_and_stripped_of_control_characters():
    assert clean_text(" a \x00 b ", max_length=10) == "a b"
    assert clean_text("rad 1\nrad 2", max_length=20, multiline=True) == "rad 1\nrad 2"
    with pytest.raises(FieldError):
        clean_text("x" * 11, max_length=10)
    with pytest.raises(FieldError):
        clean_text("   ", max_length=10, required=True)


def test_dates_and_numbers():
    assert clean_date("2024-05-01") == date(2024, 5, 1)
    assert clean_date("") is None
    with pytest.raises(FieldError):
        clean_date("2024-13-01")
    with pytest.raises(FieldError):
        clean_date("2099-01-01", allow_future=False, today=date(2026, 1, 1))
    assert clean_int("", minimum=1, maximum=5, default=1) == 1
    with pytest.raises(FieldError):
        clean_int("0", minimum=1, maximum=5)
    with pytest.raises(FieldError):
        clean_int("2,5", minimum=1, maximum=5)


@pytest.mark.parametrize("raw, ore", [
    ("12 345,50", 1234550),
    ("12345.50", 1234550),
    ("12 345 kr", 1234500),
    ("1.299,00", 129900),
    ("1,299.00", 129900),
    ("499:-", 49900),
    ("0", 0),
    ("", None),
])
def test_amounts_are_parsed_to_ore(raw, ore):
    assert parse_kronor(raw) == ore


@pytest.mark.parametrize("raw", ["abc", "-5", "1,2,3", "12,345", "1e5", "10000000000001"])
def test_junk_amounts_are_refused(raw):
    with pytest.raises(ValueError):
        parse_kronor(raw)


def test_money_is_shown_the_swedish_way():
    assert format_ore(1234500) == "12\u00a0345,00\u00a0kr"
    assert format_ore(1234550, "en") == "SEK 12,345.50"
    assert format_ore(None) == ""
    assert ore_to_input(1234550) == "12345,50"


def test_allowed_origins_cover_the_loopback_twin(monkeypatch):
    from cleverstore.config import get_settings, reset_settings

    monkeypatch.setenv("CLEVERSTORE_BASE_URL", "http://localhost:3100")
    reset_settings()
    assert get_settings().allowed_origins == ("http://localhost:3100", "http://127.0.0.1:3100")
    monkeypatch.setenv("CLEVERSTORE_ALLOWED_ORIGINS", "https://app.cleverstore.se/")
    reset_settings()
    assert get_settings().allowed_origins == ("https://app.cleverstore.se",)
    monkeypatch.undo()
    reset_settings()


def test_hand_written_money_format_equals_babels():
    from decimal import Decimal

    from babel.numbers import format_decimal

    for ore in (0, 5, 99, 100, 123456, 100000000, 98765432101, -1234567):
        amount = Decimal(ore) / 100
        assert format_ore(ore) == format_decimal(amount, format="#,##0.00", locale="sv_SE") + "\u00a0kr"
        assert format_ore(ore, "en") == "SEK " + format_decimal(amount, format="#,##0.00", locale="en_GB")
