"""Who made a change to a register, by id: the object history stores the id and looks the name up when
it shows the row, so a renamed person shows their name of today and an erased one leaves no name behind."""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """A signed-in person (`account_id`), an admin (`admin_id`), or, for work with no such record (the
    command line's operator), a `label` naming the role."""

    account_id: int | None = None
    admin_id: int | None = None
    label: str = ""


NOBODY = Actor()
# Who made a change, once that person is erased: the register outlives only a household member's erasure,
# so the page says "former member". A marker no name or label holds (an invisible separator first).
FORMER_MEMBER = "\u2063former-member"


def as_actor(actor: Actor | str | None) -> Actor:
    """An Actor as given; plain text is a role's label (the operator, "CleverStore (anna)")."""
    if isinstance(actor, Actor):
        return actor
    return Actor(label=str(actor or "")[:200])


# The household member behind the work in progress (None: the register's owner, or no person). Set once
# where the caller is resolved (services/access) for the event or request at hand; read by the activity
# log, so every entry a member causes in the owner's register names them without each action passing it.
_member: ContextVar[int | None] = ContextVar("cleverstore_member", default=None)


def work_as_member(person_id: int | None) -> None:
    """The person working in someone else's register for the rest of this event or request (None: not a member)."""
    _member.set(person_id)


def current_member() -> int | None:
    return _member.get()
