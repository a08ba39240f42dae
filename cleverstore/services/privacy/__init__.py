"""The customer's data: the full export and the erasure."""
