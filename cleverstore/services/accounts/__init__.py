"""Customer accounts: sign-up, login, sessions, passwords and reset, throttling, two-step login, devices, terms."""
