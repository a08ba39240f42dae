"""A local Stripe emulator: the Stripe endpoints CleverStore uses, hosted checkout/portal/invoice pages,
a movable clock for renewals and signed webhooks. Used by `make run` without keys and by the tests."""
