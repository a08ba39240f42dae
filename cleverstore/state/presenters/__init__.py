"""Row dicts for the pages, one module per area: translated, formatted, ready to show."""
