"""Support: message threads, and the customer's time-limited grant that lets support read their register."""

from cleverstore.services.support.actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.support.admin_actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.support.threads import STATUSES as THREAD_STATUSES  # noqa: F401  (the inbox filter)
