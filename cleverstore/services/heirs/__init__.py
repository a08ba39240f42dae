"""Heir access: named contacts, claims with documents, the two-admin decision, read-only access for the heir."""
