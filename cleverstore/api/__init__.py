"""Plain HTTP routes next to the Reflex app (session cookie, health)."""
