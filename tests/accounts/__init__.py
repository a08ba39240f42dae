"""Accounts: sign-up, login, sessions, passwords, devices, activity log."""
