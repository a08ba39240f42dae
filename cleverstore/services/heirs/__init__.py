"""Heir access: named contacts, claims with documents, the two-admin decision, read-only access for the heir."""

from cleverstore.services.heirs.actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.heirs.admin_actions import *  # noqa: F401,F403  (the public use cases)
