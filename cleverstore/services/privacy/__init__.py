"""The customer's data: the full export and the erasure."""

from cleverstore.services.privacy.actions import *  # noqa: F401,F403  (the public use cases)
