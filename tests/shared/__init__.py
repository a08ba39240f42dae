"""Shared building blocks."""
