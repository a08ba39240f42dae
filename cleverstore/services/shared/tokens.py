"""Random tokens and their stored form. Only keyed hashes ever reach the database."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import update

from cleverstore.config import get_settings
from cleverstore.models.base import utcnow


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """HMAC-SHA256 with the app secret: a leaked table alone does not reveal live tokens."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def use_once(db, model, token: str, returning, *conditions):
    """Mark a live single-use token row of `model` used, atomically (one UPDATE … RETURNING, so two
    clicks on the same link cannot both succeed); `returning`'s value, or None for a used, expired or
    unknown token. `model` has token_hash, used_at and expires_at; `conditions` narrow it (its purpose)."""
    now = utcnow()
    row = db.execute(
        update(model)
        .where(model.token_hash == token_hash(token), model.used_at.is_(None), model.expires_at > now, *conditions)
        .values(used_at=now)
        .returning(returning)
    ).first()
    return row[0] if row else None
