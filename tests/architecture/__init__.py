"""The layout, the texts, migrations and units of work."""
