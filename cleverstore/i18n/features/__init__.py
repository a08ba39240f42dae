"""Feature catalogues: each module here defines `SV` and `EN` dicts, merged into the main catalogues."""
