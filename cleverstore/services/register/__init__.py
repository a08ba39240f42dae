"""The register: objects, their form, the catalogue (categories, places, tags, fields), files, history, bulk actions, values
(the CSV import and export are `services/imports`)."""

from cleverstore.services.register.actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.register.catalogue_actions import *  # noqa: F401,F403
from cleverstore.services.register.capture import *  # noqa: F401,F403
from cleverstore.services.register.reinventory import *  # noqa: F401,F403
