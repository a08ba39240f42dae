"""Customer accounts: sign-up, login, sessions, passwords and reset, throttling, two-step login, devices, terms."""

from cleverstore.services.accounts.actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.accounts.profile_actions import *  # noqa: F401,F403
from cleverstore.services.accounts.removal_actions import *  # noqa: F401,F403
