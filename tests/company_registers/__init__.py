"""SuperPro company registers."""
