"""The app's billing flows, written once, run against the Stripe emulator and (with a test key) Stripe."""
