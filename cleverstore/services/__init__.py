"""Business rules as plain functions. Nothing here imports Reflex."""
