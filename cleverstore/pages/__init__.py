"""The pages. Importing this package imports every page module; each registers its routes with
`pages.registry` (`@customer_page`, `@admin_page`, `@public_page`)."""
from cleverstore.pages import (  # noqa: F401
    activity,
    auth,
    billing,
    catalogue,
    dashboard,
    index,
    insurance,
    inventory,
    item,
    members,
    privacy,
    profile,
    recovery,
    register,
    register_import,
    reminders,
    reports,
    security,
    shared_links,
    support,
    terms,
    verify,
)
from cleverstore.pages.admin import (  # noqa: F401
    agreements,
    customers,
    heirs,
    login,
    site,
    support_register,
)
from cleverstore.pages.admin import support as admin_support  # noqa: F401
