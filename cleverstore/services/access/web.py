"""What the web layer needs to know of the settings: the public address, the origins allowed to
call us, whether cookies must be Secure. States and routes ask here instead of reading settings."""
from __future__ import annotations

import ipaddress

from cleverstore.config import get_settings

__all__ = ["allowed_origins", "client_address", "public_address", "secure_cookies"]


def public_address() -> str:
    """The service's public base address, without a trailing slash (links in mail, Stripe return pages)."""
    return get_settings().base_url


def allowed_origins() -> tuple[str, ...]:
    return get_settings().allowed_origins


def secure_cookies() -> bool:
    """Cookies are marked Secure in production (HTTPS behind the proxy)."""
    return get_settings().is_production


def client_address(peer: str, forwarded_for: str) -> str:
    """The customer's address: the connection's peer, unless the peer is a trusted proxy
    (CLEVERSTORE_TRUSTED_PROXIES); then the nearest X-Forwarded-For entry that is not one of ours.
    Throttling, device notices and logs all use it, so one customer's failures never lock another."""
    trusted = get_settings().trusted_proxies
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _is_trusted(hop, trusted):
            return hop if _is_address(hop) else peer
    return peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_trusted(address: str, trusted) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)
