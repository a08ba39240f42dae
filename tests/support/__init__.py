"""Support threads and support access."""
