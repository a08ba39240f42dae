"""Where file bytes live (never in Reflex's public upload directory)."""
