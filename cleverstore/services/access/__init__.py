"""Who is asking: the one caller resolver of the websocket states and the HTTP routes.

It sits above accounts, billing, company registers, support and admin: one unit of work
answers maintenance, the signed-in person, the register their session works in and whether
it is paid for, and their unread support answers. Nothing else resolves a session cookie.
"""
from cleverstore.services.access.admins import (
    AdminCaller,
    admin_caller,
    admin_signed_in,
    log_out_admin,
)
from cleverstore.services.access.callers import (
    EDIT,
    OWN,
    OWNER,
    READ,
    Caller,
    act_for,
    Identity,
    RegisterChoice,
    identify,
    register_caller,
    signed_in_home,
    switch_register,
)
from cleverstore.services.access.web import (
    allowed_origins,
    client_address,
    public_address,
    secure_cookies,
)

__all__ = [
    "EDIT", "OWN", "OWNER", "READ", "act_for", "AdminCaller", "Caller", "Identity", "RegisterChoice", "admin_caller", "admin_signed_in", "identify",
    "log_out_admin",
    "register_caller", "signed_in_home", "switch_register", "allowed_origins", "client_address", "public_address", "secure_cookies",
]
