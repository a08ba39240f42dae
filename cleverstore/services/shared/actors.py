"""Who made a change to a register, by id: the object history stores the id and looks the name up when
it shows the row, so a renamed person shows their name of today and an erased one leaves no name behind."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """A signed-in person (`account_id`), an admin (`admin_id`), or, for work with no such record (the
    command line's operator), a `label` naming the role."""

    account_id: int | None = None
    admin_id: int | None = None
    label: str = ""


NOBODY = Actor()


def as_actor(actor: Actor | str | None) -> Actor:
    """An Actor as given; plain text is a role's label (the operator, "CleverStore (anna)")."""
    if isinstance(actor, Actor):
        return actor
    return Actor(label=str(actor or "")[:200])
