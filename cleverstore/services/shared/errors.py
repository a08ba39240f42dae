"""Errors that services raise; messages are i18n keys, translated by the caller."""
from __future__ import annotations


class ValidationFailed(Exception):
    """Input was refused. `errors` maps a field name to an i18n message key."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}={v}" for k, v in errors.items()))
        self.errors = dict(errors)


class NotFound(Exception):
    """The object does not exist or belongs to someone else (the two look the same)."""
