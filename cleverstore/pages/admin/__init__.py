"""The admin page (/admin): its own layout, never linked from the customer pages."""
