"""CleverStore: a subscription register of everything a customer owns."""
