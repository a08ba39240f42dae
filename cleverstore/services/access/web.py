"""What the web layer needs to know of the settings: the public address, the origins allowed to
call us, whether cookies must be Secure. States and routes ask here instead of reading settings."""
from __future__ import annotations

from cleverstore.config import get_settings

__all__ = ["allowed_origins", "public_address", "secure_cookies"]


def public_address() -> str:
    """The service's public base address, without a trailing slash (links in mail, Stripe return pages)."""
    return get_settings().base_url


def allowed_origins() -> tuple[str, ...]:
    return get_settings().allowed_origins


def secure_cookies() -> bool:
    """Cookies are marked Secure in production (HTTPS behind the proxy)."""
    return get_settings().is_production
