"""Billing: payments through Stripe, subscription rules, SuperPro requests, the emulator."""
