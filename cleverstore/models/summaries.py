"""The register's figures kept between page loads, and the counter that tells whether they still hold.

`RegisterRevision` is counted up by the database itself (triggers of migration f9b9c9d0eb09) whenever a row
the figures are made of changes: an object, its files or history, a category, a place, a policy, the
theft-prone words. Figures kept under an older revision are never shown (`services/register/summaries.py`).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel


class RegisterRevision(SQLModel, table=True):
    """One row per account from its creation on (a trigger on `account` adds it)."""

    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), primary_key=True))
    revision: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    # PostgreSQL: the transaction that counted last, so a transaction counts once however many rows it
    # writes (an import of 100 000 objects makes one new row version, not 100 000)
    counted_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class RegisterSummary(SQLModel, table=True):
    """Figures of one kind (the dashboard's, the insurance check's) as made at `revision` on `day`."""

    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), primary_key=True))
    kind: str = Field(sa_column=Column(String(20), primary_key=True))
    revision: int = Field(sa_column=Column(BigInteger, nullable=False))
    day: date
    figures: str = Field(sa_column=Column(Text, nullable=False))
