"""The administrators' services and states."""
