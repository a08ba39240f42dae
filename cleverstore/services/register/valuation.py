"""The estimated current value of an object: straight-line depreciation over its category's useful life.

The rule itself lives in `services/shared/worth.py`, beside the definition of
owned objects, so the admin statistics use the same one; this module keeps the
register's name for it.

Rule: a value the customer entered themselves wins; without a purchase price
there is nothing to estimate; without a useful life or a purchase date the
purchase price stands; otherwise price × remaining days / life in days, never
below zero.
"""
from __future__ import annotations

from cleverstore.services.shared.worth import (  # noqa: F401  (the register's names for the shared rule)
    DAYS_PER_YEAR,
    estimated_value,
    estimated_value_sql,
)
