"""The texts, one module per domain; each declares the key prefixes it holds (PREFIXES)."""
