"""Reflex states: thin layers that find out who is asking, call a service and set vars."""
