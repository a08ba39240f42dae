"""Who the client is behind a proxy: X-Forwarded-For is believed only from CLEVERSTORE_TRUSTED_PROXIES."""
import pytest

from cleverstore.config import reset_settings
from cleverstore.services.access import client_address


@pytest.fixture()
def proxies(monkeypatch):
    def trust(value: str | None):
        if value is None:
            monkeypatch.delenv("CLEVERSTORE_TRUSTED_PROXIES", raising=False)
        else:
            monkeypatch.setenv("CLEVERSTORE_TRUSTED_PROXIES", value)
        reset_settings()

    yield trust
    monkeypatch.undo()
    reset_settings()


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_claims(proxies):
    proxies(None)
    assert client_address("203.0.113.9", "198.51.100.7") == "203.0.113.9"


def test_behind_a_trusted_proxy_the_forwarded_client_counts(proxies):
    proxies("127.0.0.1, 10.0.0.0/8")
    assert client_address("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    # a client's own forged entry sits left of what our proxies added: the nearest untrusted hop wins
    assert client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3") == "198.51.100.7"
    # a direct connection from elsewhere cannot choose its address
    assert client_address("203.0.113.9", "198.51.100.7") == "203.0.113.9"
    # nothing usable forwarded: the proxy itself
    assert client_address("127.0.0.1", "") == "127.0.0.1"
    assert client_address("127.0.0.1", "not-an-address") == "127.0.0.1"


def test_a_setting_that_is_not_an_address_stops_the_start(proxies):
    with pytest.raises(SystemExit):
        proxies("localhost")
        from cleverstore.config import get_settings
        get_settings()
