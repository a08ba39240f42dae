"""Who is asking: callers, admins, client addresses."""
