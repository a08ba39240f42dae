"""PDF reports: the data they show, background jobs, the claim pack; the reportlab drawing code is in `pdf`."""

from cleverstore.services.reports.actions import *  # noqa: F401,F403  (the public use cases)
from cleverstore.services.reports.verify_actions import *  # noqa: F401,F403  (the public check of a report)
