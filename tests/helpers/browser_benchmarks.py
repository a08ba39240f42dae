"""What the browser benchmarks share: Debian's Chromium, the running app's database and a paid customer.

The benchmarks seed their customers straight into the app's database; the app hashes passwords with a
pepper from its secret key, so seeding uses the same key the test server runs with.
"""
from __future__ import annotations

import os

from cleverstore import db as database
from cleverstore.config import PROJECT_ROOT, reset_settings
from tests.helpers.app_server import RunningApp, app_environment
from tests.helpers.factories import activated_sign_up, signup_form, subscribe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
APP_SECRET_KEY = app_environment("", PROJECT_ROOT, 0)["CLEVERSTORE_SECRET_KEY"]


def use_app_database(app: RunningApp) -> None:
    """Point this process's settings and engines at the running app's database and files."""
    os.environ.update(DATABASE_URL=app.database_url, CLEVERSTORE_SECRET_KEY=APP_SECRET_KEY,
                      CLEVERSTORE_DATA_DIR=str(app.data_dir))
    reset_settings()
    database.dispose_engines()


def paid_customer(db, email: str):
    """A signed-up, verified customer with a paid subscription: a locked register would refuse what we time."""
    account = activated_sign_up(db, signup_form(email=email))
    subscribe(db, account)
    return account


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), interpolated between closest ranks as numpy's default; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
