"""SQLModel tables. Importing this package registers every table on the metadata."""
from cleverstore.models.account import Account, AccountKind, CompanyRegister
from cleverstore.models.activity import ActivityEvent, OutgoingMail
from cleverstore.models.admin import (
    AdminLoginTicket,
    AdminSession,
    AdminUser,
    AuditEntry,
    MaintenanceWindow,
    SupportMessage,
    SupportThread,
)
from cleverstore.models.auth import AuthSession, LoginFailure, LoginTicket
from cleverstore.models.billing import (
    BillingAccount,
    Plan,
    RetainedBillingRecord,
    StripeEvent,
    SuperProRequest,
    Withdrawal,
)
from cleverstore.models.billing_mail import BillingMailSent
from cleverstore.models.heirs import (
    ClaimantSession,
    ClaimDocument,
    HeirClaim,
    LegacyContact,
)
from cleverstore.models.imports import ImportMapping
from cleverstore.models.insurance import InsurancePolicy, TheftProneWords
from cleverstore.models.items import Item, ItemStatus
from cleverstore.models.jobs import CustomerJob, JobClaim
from cleverstore.models.members import MemberInvite, MemberRole, RegisterMember
from cleverstore.models.privacy import ErasureReceipt, ErasureRequest
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
from cleverstore.models.reminders import ReminderSent, ReminderSettings
from cleverstore.models.report import ReportJob, ReportVerification
from cleverstore.models.second_factor_removal import SecondFactorRemoval
from cleverstore.models.security import Device, EmailToken, RecoveryCode, TwoFactor
from cleverstore.models.security_events import SecurityEventDay
from cleverstore.models.sharing import SharedLink, SharedLinkItem, SharedLinkVisit
from cleverstore.models.summaries import RegisterRevision, RegisterSummary
from cleverstore.models.support_access import SupportAccessGrant, SupportAccessView
from cleverstore.models.undo import BulkUndo

__all__ = [
    "RegisterRevision",
    "RegisterSummary",
    "MemberInvite",
    "MemberRole",
    "RegisterMember",
    "SecondFactorRemoval",
    "CustomerJob",
    "JobClaim",
    "SecurityEventDay",
    "SharedLink",
    "SharedLinkItem",
    "SharedLinkVisit",
    "Account",
    "BulkUndo",
    "ActivityEvent",
    "AdminLoginTicket",
    "AdminSession",
    "AdminUser",
    "AuditEntry",
    "MaintenanceWindow",
    "SupportMessage",
    "SupportThread",
    "SupportAccessGrant",
    "SupportAccessView",
    "OutgoingMail",
    "AccountKind",
    "CompanyRegister",
    "AuthSession",
    "LoginFailure",
    "LoginTicket",
    "ImportMapping",
    "InsurancePolicy",
    "TheftProneWords",
    "Item",
    "ReminderSent",
    "ReminderSettings",
    "ReportJob",
    "ReportVerification",
    "RetainedBillingRecord",
    "BillingAccount",
    "BillingMailSent",
    "Plan",
    "StripeEvent",
    "SuperProRequest",
    "Withdrawal",
    "ItemStatus",
    "ClaimantSession",
    "ClaimDocument",
    "Device",
    "EmailToken",
    "ErasureReceipt",
    "ErasureRequest",
    "HeirClaim",
    "LegacyContact",
    "RecoveryCode",
    "TwoFactor",
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
