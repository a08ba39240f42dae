"""Subscriptions and plans: the rules on our own records, the calls to Stripe, admin agreements, SuperPro requests."""
