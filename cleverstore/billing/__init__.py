"""Everything that speaks to Stripe (or to the local Stripe emulator)."""
