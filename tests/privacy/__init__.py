"""The customer's data: export and erasure."""
