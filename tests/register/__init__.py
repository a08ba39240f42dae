"""The register: objects, catalogue, files, CSV, values."""
