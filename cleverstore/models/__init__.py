"""SQLModel tables. Importing this package registers every table on the metadata."""
from cleverstore.models.account import Account, AccountKind
from cleverstore.models.activity import ActivityEvent, OutgoingMail
from cleverstore.models.billing import BillingAccount, Plan, StripeEvent, SuperProRequest
from cleverstore.models.auth import AuthSession, LoginFailure, LoginTicket
from cleverstore.models.inventory import Item, ItemStatus

__all__ = [
    "Account",
    "ActivityEvent",
    "OutgoingMail",
    "AccountKind",
    "AuthSession",
    "LoginFailure",
    "LoginTicket",
    "Item",
    "BillingAccount",
    "Plan",
    "StripeEvent",
    "SuperProRequest",
    "ItemStatus",
]
