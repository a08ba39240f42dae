"""The register: objects, their form, the catalogue (categories, places, tags, fields), files, history, bulk actions, values, CSV."""
