"""Is the service able to take traffic: the database answers, its schema is the newest, Redis (if used) answers."""
from __future__ import annotations

from cleverstore.config import get_settings
from cleverstore.db import database_answers, schema_is_current

__all__ = ["database_answers", "redis_answers", "schema_is_current"]


def redis_answers() -> bool | None:
    """None when no Redis is configured; else whether it answers a ping (within two seconds)."""
    url = get_settings().redis_url
    if not url:
        return None
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False
