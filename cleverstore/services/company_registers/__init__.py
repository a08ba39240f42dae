"""SuperPro company registers: the registers a customer works in, and the admins' set-up of them."""

from cleverstore.services.company_registers.actions import *  # noqa: F401,F403  (the public use cases)
