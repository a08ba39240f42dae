"""What hangs off a register object: categories, the location tree, tags, custom fields, files, history."""
from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow
from cleverstore.models.insurance import policy_ref


def _owner() -> Column:
    return Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)


def _item_ref() -> Column:
    return Column(Integer, ForeignKey("item.id", ondelete="CASCADE"), nullable=False, index=True)


class Category(SQLModel, table=True):
    """A customer's category; its useful life drives the estimated current value."""

    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_category_account_name"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner())
    name: str = Field(sa_type=String(100))
    useful_life_years: int | None = None


class Location(SQLModel, table=True):
    """One node of the location tree (building › floor › room › cupboard)."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner())
    parent_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("location.id", ondelete="CASCADE"), nullable=True, index=True)
    )
    name: str = Field(sa_type=String(120))
    # the policy covering this place and the places inside it that name none of their own (services/insurance)
    policy_id: int | None = Field(default=None, sa_column=policy_ref())


class Tag(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_tag_account_name"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner())
    name: str = Field(sa_type=String(60))


class ItemTag(SQLModel, table=True):
    item_id: int = Field(sa_column=Column(Integer, ForeignKey("item.id", ondelete="CASCADE"), primary_key=True))
    tag_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True)
    )


class CustomFieldKind(str, Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    YES_NO = "yes_no"


class CustomField(SQLModel, table=True):
    """A field the customer defined for all their objects."""

    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_custom_field_account_name"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner())
    name: str = Field(sa_type=String(60))
    kind: str = Field(default=CustomFieldKind.TEXT.value, sa_type=String(10))


class ItemFieldValue(SQLModel, table=True):
    item_id: int = Field(sa_column=Column(Integer, ForeignKey("item.id", ondelete="CASCADE"), primary_key=True))
    field_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customfield.id", ondelete="CASCADE"), primary_key=True, index=True)
    )
    value: str = Field(default="", sa_type=String(500))


class FileKind(str, Enum):
    PHOTO = "photo"
    RECEIPT = "receipt"
    WARRANTY = "warranty"
    MANUAL = "manual"
    OTHER = "other"


class ItemFile(SQLModel, table=True):
    """A photo or document of an object. The stored names are random and never leave the server."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner())
    item_id: int = Field(sa_column=_item_ref())
    kind: str = Field(default=FileKind.PHOTO.value, sa_type=String(10))
    stored_name: str = Field(sa_type=String(80), unique=True)
    thumb_name: str | None = Field(default=None, sa_type=String(80))
    # the size a screen shows (photos only); None for documents and photos stored before renditions
    display_rendition: str | None = Field(default=None, sa_type=String(80))
    # the size a phone shows (photos larger than that only); None or "" otherwise: the display size serves ("":
    # looked at by the scheduled jobs' backfill and none needed)
    phone_rendition: str | None = Field(default=None, sa_type=String(80))
    # the small square of a photo beside the main one (photos larger than it); None or "" otherwise: the
    # thumbnail serves
    tile_rendition: str | None = Field(default=None, sa_type=String(80))
    content_type: str = Field(sa_type=String(40))
    original_name: str = Field(default="", sa_type=String(200))
    size_bytes: int = Field(default=0, sa_type=BigInteger)
    is_main: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    created_at: datetime = Field(default_factory=utcnow)
    # The file's fingerprint, printed in the reports' appendix so an insurer can check a copy: the SHA-256
    # of the bytes the customer sent (before any cleaning), when they arrived, and a photo's own capture
    # date from its EXIF (camera time, no zone, "YYYY-MM-DD HH:MM:SS"). NULL: stored before we kept them.
    sha256: str | None = Field(default=None, sa_type=String(64))
    received_at: datetime | None = None
    captured_on: str | None = Field(default=None, sa_type=String(19))


class ItemChange(SQLModel, table=True):
    """One changed field of an object: who, when, from what, to what. Written once, never updated (see
    `services/register/history.py`); deleted only with its object or account."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner())
    item_id: int = Field(sa_column=_item_ref())
    actor: str = Field(default="", sa_type=String(200))  # the name as it was, for rows written before the ids
    # who made the change, by id (no foreign key: the row stays as written when that person goes); the
    # page looks the name up when it shows the row
    actor_account_id: int | None = None
    actor_admin_id: int | None = None
    field_name: str = Field(sa_type=String(60))
    old_value: str = Field(default="", sa_type=Text)
    new_value: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class PendingImport(SQLModel, table=True):
    """The file (CSV or workbook) a customer chose, kept until they confirm or cancel the import (one per account).

    In the database rather than the file store: it goes with the account when the account goes.
    """

    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), primary_key=True)
    )
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # the name the customer's file had: it tells a workbook from a CSV and names the refused rows' file
    filename: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default="", default=""))
    created_at: datetime = Field(default_factory=utcnow)
