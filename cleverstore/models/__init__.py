"""SQLModel tables. Importing this package registers every table on the metadata."""
from cleverstore.models.account import Account, AccountKind
from cleverstore.models.activity import ActivityEvent, OutgoingMail
from cleverstore.models.auth import AuthSession, LoginFailure, LoginTicket
from cleverstore.models.inventory import Item, ItemStatus
from cleverstore.models.register import (
    Category,
    CustomField,
    CustomFieldKind,
    FileKind,
    ItemChange,
    ItemFieldValue,
    ItemFile,
    ItemTag,
    Location,
    PendingImport,
    Tag,
)

__all__ = [
    "Account",
    "ActivityEvent",
    "OutgoingMail",
    "AccountKind",
    "AuthSession",
    "LoginFailure",
    "LoginTicket",
    "Item",
    "ItemStatus",
    "Category",
    "CustomField",
    "CustomFieldKind",
    "FileKind",
    "ItemChange",
    "ItemFieldValue",
    "ItemFile",
    "ItemTag",
    "Location",
    "PendingImport",
    "Tag",
]
