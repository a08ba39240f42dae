"""Heir access."""
