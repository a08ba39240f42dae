"""Read-only links for someone without an account (an insurance adjuster, a broker, an estate's lawyer):
the owner's chosen objects or one place, for 1–30 days, optionally behind a code; every opening logged."""

from cleverstore.services.sharing.actions import *  # noqa: F401,F403  (the public use cases)
