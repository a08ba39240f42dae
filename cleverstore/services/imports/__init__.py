"""Imports: any file a customer arrives with (Homebox, Shelf, our own CSV, any spreadsheet) read into the
register. `formats` turns rows into records, `engine` checks and saves them, `archive` reads Homebox's zip."""

from cleverstore.services.imports.actions import *  # noqa: F401,F403,E402  (the public use cases)
from cleverstore.services.imports.export import SEPARATORS, export_filename, export_register_csv  # noqa: F401,E402
