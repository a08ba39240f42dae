"""A customer's insurance policies and which of their categories count as theft-prone (stöldbegärlig egendom)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


def policy_ref() -> Column:
    """A place's or an object's policy: forgotten (NULL) when the policy is deleted."""
    return Column(Integer, ForeignKey("insurancepolicy.id", ondelete="SET NULL"), nullable=True, index=True)


class InsurancePolicy(SQLModel, table=True):
    """One policy: the contents sum insured and its limits, all in öre. The theft-prone limit is either an
    amount (`theft_limit_ore`) or a share of the contents sum (`theft_limit_percent`), never both.
    `document_name` is the policy's PDF in the file store (a random name that never leaves the server)."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True))
    company: str = Field(sa_type=String(120))
    policy_number: str = Field(default="", sa_type=String(60))
    kind: str = Field(sa_type=String(20))
    contents_sum_ore: int = Field(default=0, sa_type=BigInteger)
    theft_limit_ore: int | None = Field(default=None, sa_type=BigInteger)
    theft_limit_percent: int | None = None
    single_item_limit_ore: int | None = Field(default=None, sa_type=BigInteger)
    excess_ore: int | None = Field(default=None, sa_type=BigInteger)
    renews_on: date | None = None
    document_name: str | None = Field(default=None, sa_type=String(80))
    document_filename: str = Field(default="", sa_type=String(200))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TheftProneWords(SQLModel, table=True):
    """The words that make a category theft-prone for this customer (JSON list, matched in category names);
    no row: the Swedish defaults of `services/insurance/theft_prone.py`."""

    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), primary_key=True))
    words: str = Field(default="[]", sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow)
