"""The object form: every field cleaned and checked together, names resolved to the account's rows."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cleverstore.models import CustomField, CustomFieldKind, Item, ItemStatus
from cleverstore.services.register import catalogue
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.money import ore_to_input, parse_kronor
from cleverstore.services.shared.validation import (
    FieldError,
    clean_date,
    clean_int,
    clean_text,
)

STATUSES = tuple(status.value for status in ItemStatus)
MONEY_FIELDS = (("purchase_price", "purchase_price_ore"), ("replacement_value", "replacement_value_ore"),
                ("current_value", "current_value_ore"), ("sold_price", "sold_price_ore"))
# names, makers, models, serial numbers, shops and buyers up to 255 characters: what Homebox allows
TEXT_FIELDS = (("name", 255, True), ("manufacturer", 255, False), ("model", 255, False),
               ("serial_number", 255, False), ("purchase_place", 255, False), ("lent_to", 120, False),
               ("sold_to", 255, False), ("police_report", 60, False), ("asset_id", 40, False))
URL_LENGTH = 2000
FLAGS = ("insured", "lifetime_warranty")
LONG_TEXT_FIELDS = ("description", "notes")
YES = {"on", "1", "true", "yes", "ja", "y", "j", "x"}


def custom_field_key(field: CustomField) -> str:
    return f"cf_{field.id}"


# The object form's fields and how much of each is kept from a submitted form: one character more
# than the form accepts, so an over-long value still gets its message (and a tab keeps no more).
FORM_FIELD_LENGTHS = {
    **{name: length + 1 for name, length, _required in TEXT_FIELDS},
    **{name: 5001 for name in LONG_TEXT_FIELDS},
    "category": 101, "location": 601, "tags": 1001, "quantity": 13, "status": 20, "insured": 10,
    "lifetime_warranty": 10, "url": URL_LENGTH + 1,
    **{name: 11 for name in ("purchase_date", "sold_date", "lost_date", "warranty_end", "lent_until")},
    **{name: 40 for name, _column in MONEY_FIELDS},
}
CUSTOM_VALUE_LENGTH = 501
_EMPTY = {clean_text: "", clean_date: None}


def known_form_fields(form: dict, custom_keys) -> dict[str, str]:
    """Only the object form's own fields (and the register's custom fields), each cut to its size:
    a form that fails keeps what the customer typed, never every key a client chose to send."""
    custom = set(custom_keys)
    kept = {}
    for key, value in dict(form).items():
        limit = FORM_FIELD_LENGTHS.get(key) or (CUSTOM_VALUE_LENGTH if key in custom else 0)
        if limit:
            kept[key] = str(value)[:limit]
    return kept


def clean_custom_value(field: CustomField, raw: object) -> str:
    """A custom field's value as stored: text, a whole or decimal number, an ISO date, or yes/no."""
    text = clean_text(raw, max_length=500)
    if not text:
        return ""
    if field.kind == CustomFieldKind.NUMBER.value:
        candidate = text.replace(" ", "").replace(",", ".")
        try:
            float(candidate)
        except ValueError:
            raise FieldError("error.number_invalid") from None
        return candidate
    if field.kind == CustomFieldKind.DATE.value:
        return clean_date(text).isoformat()
    if field.kind == CustomFieldKind.YES_NO.value:
        return "yes" if text.lower() in YES else "no"
    return text


def clean_url(value: object) -> str:
    """A link kept as inert text (the page makes it clickable only when it is http or https)."""
    return clean_text(value, max_length=URL_LENGTH)


def is_web_link(url: str) -> bool:
    return (url or "").strip().lower().startswith(("http://", "https://"))


# Each field of the form, its check and the check's options, in the order the form lists them.
_CHECKS = (
    *((name, clean_text, {"max_length": length, "required": required}) for name, length, required in TEXT_FIELDS),
    *((name, clean_text, {"max_length": 5000, "multiline": True}) for name in LONG_TEXT_FIELDS),
    ("category", clean_text, {"max_length": 100}),
    ("location", clean_text, {"max_length": 600}),
    ("tags", clean_text, {"max_length": 1000}),
    ("url", clean_url, {}),
    ("quantity", clean_int, {"minimum": 1, "maximum": 100_000, "default": 1}),
    ("purchase_date", clean_date, {"allow_future": False}),
    ("sold_date", clean_date, {"allow_future": False}),
    ("lost_date", clean_date, {"allow_future": False}),
    ("warranty_end", clean_date, {}),
    ("lent_until", clean_date, {}),
)
_PAST_ONLY = {"purchase_date", "sold_date", "lost_date"}  # checked against `today`
# the fields whose values repeat from row to row of an imported file (places, dates, amounts...): with a
# `memo`, each value is checked once per file; the answer is the same, only not worked out again
_REPEATING = {"category", "location", "tags", "url", "quantity", "purchase_date", "sold_date", "lost_date",
              "warranty_end", "lent_until", *(name for name, _column in MONEY_FIELDS)}
_MEMO_SIZE = 50_000


def _answer(check, raw, options: dict) -> tuple[bool, object]:
    """(True, the clean value) or (False, the error key)."""
    try:
        return True, check(raw, **options)
    except FieldError as exc:
        return False, exc.key


def _remembered(memo: dict | None, key: tuple, check, raw, options: dict) -> tuple[bool, object]:
    """`_answer`, kept in `memo` (when there is one) under `key`."""
    if memo is None:
        return _answer(check, raw, options)
    answer = memo.get(key)
    if answer is None:
        if len(memo) >= _MEMO_SIZE:  # a file of all different values: remembering them would only cost memory
            memo.clear()
        answer = memo[key] = _answer(check, raw, options)
    return answer


def _kronor(text: str) -> int | None:
    try:
        return parse_kronor(text)
    except ValueError:
        raise FieldError("error.amount_invalid") from None


def _tag_list(text: str) -> tuple[str, ...]:
    return tuple(catalogue.parse_tags(text))


def clean_item_form(db: Session, account_id: int, form: dict, *, today: date | None = None,
                    fields: list[CustomField] | None = None, memo: dict | None = None) -> dict:
    """Raises ValidationFailed with every problem at once; returns column values plus `tags` and `custom`.
    `fields`: the register's custom fields when the caller already has them; `memo`: a dict kept for one
    file of rows (an import checks 10 000 rows), so a value that repeats is checked once."""
    errors: dict[str, str] = {}
    clean: dict = {}
    get = form.get
    for name, check, options in _CHECKS:
        raw = get(name)
        if (raw is None or raw == "") and check in _EMPTY and not options.get("required"):
            clean[name] = _EMPTY[check]  # what the check gives for nothing, without it
            continue
        if name in _PAST_ONLY:
            options = {**options, "today": today}
        if memo is not None and name in _REPEATING and type(raw) is str:
            ok, value = _remembered(memo, (name, raw), check, raw, options)
        else:
            ok, value = _answer(check, raw, options)
        if ok:
            clean[name] = value
        else:
            errors[name] = value
    for field_name, column in MONEY_FIELDS:
        text = str(get(field_name) or "")
        ok, value = _remembered(memo, (field_name, text), _kronor, text, {})
        if ok:
            clean[column] = value
        else:
            errors[field_name] = "error.amount_invalid"
    for flag in FLAGS:
        clean[flag] = str(form.get(flag) or "").strip().lower() in YES
    status = str(form.get("status") or ItemStatus.IN_USE.value)
    if status not in STATUSES:
        errors["status"] = "error.choose_status"
    clean["status"] = status
    if status == ItemStatus.LENT_OUT.value and not clean.get("lent_to") and "lent_to" not in errors:
        errors["lent_to"] = "error.lent_to_required"
    if status == ItemStatus.SOLD.value and not clean.get("sold_date") and "sold_date" not in errors:
        errors["sold_date"] = "error.sold_date_required"
    bought, warranty_end = clean.get("purchase_date"), clean.get("warranty_end")
    if bought and warranty_end and warranty_end < bought:  # a warranty starts with the purchase
        errors["warranty_end"] = "error.warranty_before_purchase"
    custom: dict[int, str] = {}
    for field in catalogue.custom_fields(db, account_id) if fields is None else fields:
        key = custom_field_key(field)
        raw = get(key)
        kept = memo if raw is None or type(raw) is str else None
        ok, value = _remembered(kept, (key, raw), clean_custom_value, field, {"raw": raw})
        if ok:
            custom[field.id] = value
        else:
            errors[key] = value
    if errors:
        raise ValidationFailed(errors)
    clean["tags"] = list(_remembered(memo, ("tag list", clean["tags"]), _tag_list, clean["tags"], {})[1])
    clean["custom"] = custom
    return clean


def apply_to_item(db: Session, account_id: int, item: Item, clean: dict) -> None:
    """Set the columns (creating the named category and location when new)."""
    for name, value in clean.items():
        if name not in ("category", "location", "tags", "custom"):
            setattr(item, name, value)
    category = catalogue.category_named(db, account_id, clean["category"])
    location = catalogue.location_at_path(db, account_id, clean["location"])
    item.category_id = category.id if category else None
    item.location_id = location.id if location else None


def form_values(item: Item | None, *, category: str, location: str, tags: list[str],
                custom: dict[int, str], lang: str) -> dict[str, str]:
    """The edit form's starting values, written the way a user types them."""
    if item is None:
        return {"quantity": "1", "status": ItemStatus.IN_USE.value}
    values = {name: getattr(item, name) or "" for name, _length, _req in TEXT_FIELDS}
    values.update({name: getattr(item, name) or "" for name in LONG_TEXT_FIELDS})
    for name in ("purchase_date", "sold_date", "lost_date", "warranty_end", "lent_until"):
        value = getattr(item, name)
        values[name] = value.isoformat() if value else ""
    for field_name, column in MONEY_FIELDS:
        values[field_name] = ore_to_input(getattr(item, column), lang)
    values["url"] = item.url or ""
    values.update(quantity=str(item.quantity), status=item.status, insured="on" if item.insured else "",
                  lifetime_warranty="on" if item.lifetime_warranty else "",
                  category=category, location=location, tags=", ".join(tags))
    values.update({f"cf_{field_id}": value for field_id, value in custom.items()})
    return values
