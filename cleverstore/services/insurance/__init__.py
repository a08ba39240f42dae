"""Insurance: the customer's policies, the places and objects each covers, and whether the register is
properly insured (contents sum, theft-prone limit, single-item limit)."""

from cleverstore.services.insurance.actions import *  # noqa: F401,F403  (the public use cases)
