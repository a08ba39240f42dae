"""Subscriptions and plans: the rules on our own records, the calls to Stripe, admin agreements, SuperPro requests."""

from cleverstore.services.billing.actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.billing.admin_actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.billing.wishes import *  # noqa: F401,F403  (the plan chosen before sign-up)
from cleverstore.services.billing.lock import *  # noqa: F401,F403  (what the locked page says)
from cleverstore.services.billing.company_details import *  # noqa: F401,F403  (a company's details on invoices)
