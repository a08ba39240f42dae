"""Field checks shared by sign-up, profile and the register. Each returns a clean value or raises ValueError(key)."""
from __future__ import annotations

import re
from datetime import date

import phonenumbers

EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]{2,}$")
POSTAL_CODE_RE = re.compile(r"^\d{3}\s?\d{2}$")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FieldError(ValueError):
    """A single field's problem; `key` is the i18n message key."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def clean_text(value: object, *, max_length: int, required: bool = False, multiline: bool = False) -> str:
    text = "" if value is None else str(value)
    if not text.isprintable():  # only then can there be a control character to remove
        text = _CONTROL_CHARS.sub("", text)
    text = text.strip() if multiline else " ".join(text.split())
    if required and not text:
        raise FieldError("error.required")
    if len(text) > max_length:
        raise FieldError("error.too_long")
    return text


def clean_email(value: object) -> str:
    email = clean_text(value, max_length=320, required=True).lower()
    if not EMAIL_RE.match(email):
        raise FieldError("error.email_invalid")
    return email


def clean_phone(value: object) -> str:
    """Swedish or international number -> E.164 ('+46701234567')."""
    raw = clean_text(value, max_length=40, required=True)
    try:
        number = phonenumbers.parse(raw, "SE")
    except phonenumbers.NumberParseException as exc:
        raise FieldError("error.phone_invalid") from exc
    if not phonenumbers.is_valid_number(number):
        raise FieldError("error.phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, "SE")
    except phonenumbers.NumberParseException:
        return e164
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 46 else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def clean_postal_code(value: object) -> str:
    code = clean_text(value, max_length=10, required=True)
    if not POSTAL_CODE_RE.match(code):
        raise FieldError("error.postal_code_invalid")
    digits = code.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def clean_org_number(value: object) -> str:
    """Swedish organisation number: NNNNNN-NNNN, third digit ≥ 2, Luhn check digit."""
    raw = clean_text(value, max_length=13, required=True).replace(" ", "")
    if re.fullmatch(r"16\d{10}", raw.replace("-", "")):
        raw = raw.replace("-", "")[2:]
    digits = raw.replace("-", "")
    if not re.fullmatch(r"\d{6}-?\d{4}", raw) or len(digits) != 10:
        raise FieldError("error.org_number_format")
    if int(digits[2]) < 2 or not luhn_ok(digits):
        raise FieldError("error.org_number_checksum")
    return f"{digits[:6]}-{digits[6:]}"


def clean_date(value: object, *, allow_future: bool = True, today: date | None = None) -> date | None:
    text = clean_text(value, max_length=10)
    if not text:
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError as exc:
        raise FieldError("error.date_invalid") from exc
    if parsed.year < 1800:
        raise FieldError("error.date_invalid")
    if not allow_future and parsed > (today or date.today()):
        raise FieldError("error.date_in_future")
    return parsed


def clean_int(value: object, *, minimum: int, maximum: int, default: int | None = None) -> int:
    text = clean_text(value, max_length=12)
    if not text:
        if default is None:
            raise FieldError("error.required")
        return default
    if not re.fullmatch(r"-?\d+", text):
        raise FieldError("error.whole_number")
    number = int(text)
    if number < minimum or number > maximum:
        raise FieldError("error.number_range")
    return number
