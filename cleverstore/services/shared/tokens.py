"""Random tokens and their stored form. Only keyed hashes ever reach the database."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from cleverstore.config import get_settings


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """HMAC-SHA256 with the app secret: a leaked table alone does not reveal live tokens."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()
