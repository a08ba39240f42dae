"""SuperPro company registers: the registers a customer works in, and the admins' set-up of them."""
