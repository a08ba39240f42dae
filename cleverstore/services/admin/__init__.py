"""The administrators' side: admin login, customers, statistics, maintenance windows."""

from cleverstore.services.admin.actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.admin.help_actions import *  # noqa: F401,F403
