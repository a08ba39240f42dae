"""No cookie, token, ticket or Authorization value reaches a log line, whichever logger writes it:
Reflex's (a failed event is logged with its request headers), the servers' access logs, the root logger."""
from __future__ import annotations

import io
import logging

import pytest

from cleverstore.logs import SecretFilter, protect_logs, redact

SESSION = "hYJg2zYYD1POMVr7X3Ao9-jDGZ64AhfrGZEyHJBGloI"
TAB = "18f0aba0-1dda-4e58-984d-87b54551f264"
REFLEX_EVENT = (
    "Event(name='reflex___state____state.app_state.no_such_handler_x', router_data={'pathname': '/register', "
    f"'headers': {{'host': '127.0.0.1:3000', 'cookie': 'cs_lang=sv; cs_session={SESSION}', "
    f"'authorization': 'Bearer abcdefghijklmnop'}}, 'token': '{TAB}'}}, payload={{}})"
)


@pytest.fixture()
def captured():
    """A handler of our own on each protected logger, as a server or Reflex would attach one."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    loggers = [logging.getLogger(name) for name in ("", "reflex", "uvicorn.access", "_granian")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    protect_logs()
    yield stream
    for logger, level in zip(loggers, levels):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.mark.parametrize("text, secret", [
    (REFLEX_EVENT, SESSION),
    (REFLEX_EVENT, TAB),
    (REFLEX_EVENT, "abcdefghijklmnop"),
    ('{"cookie": "cs_admin=adm1nT0ken", "x": 1}', "adm1nT0ken"),
    ("GET /_event/?EIO=4&transport=websocket&token=" + TAB, TAB),
    ("GET /auth/session?ticket=t1ck3tvalue&next=%2Fregister", "t1ck3tvalue"),
    ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA"),
    ("Cookie: cs_session=" + SESSION, SESSION),
    ("stripe key sk_live_51Habcdefghijkl", "sk_live_51Habcdefghijkl"),
])
def test_redact_removes_every_secret(text, secret):
    cleaned = redact(text)
    assert secret not in cleaned and "[redacted]" in cleaned


def test_redact_keeps_what_is_not_secret():
    assert redact("Refused admin event customers_search (customer 12)") == \
        "Refused admin event customers_search (customer 12)"
    assert "'pathname': '/register'" in redact(REFLEX_EVENT)


def test_reflex_error_path_logs_no_cookie(captured):
    logger = logging.getLogger("reflex_base.event.processor.event_processor")
    try:
        raise KeyError("No registered handler found for event: app_state.no_such_handler_x")
    except KeyError:
        logger.exception(f"Error processing event queue entry for {REFLEX_EVENT} [txid=1]:")
    logging.getLogger("some.library").warning("headers %s", {"cookie": f"cs_session={SESSION}"})
    written = captured.getvalue()
    assert "no_such_handler_x" in written and "Traceback" in written
    assert SESSION not in written and TAB not in written


def test_server_access_lines_keep_their_arguments_redacted(captured):
    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET",
                                             f"/_event/?EIO=4&token={TAB}", "1.1", 101)
    assert TAB not in captured.getvalue() and "101" in captured.getvalue()


def test_an_exception_that_names_a_secret_is_redacted_too(captured):
    try:
        raise ValueError(f"bad cookie cs_session={SESSION}")
    except ValueError:
        logging.getLogger("_granian").exception("request failed")
    assert SESSION not in captured.getvalue() and "request failed" in captured.getvalue()


def test_every_handler_of_the_protected_loggers_has_the_filter(captured):
    for name in ("", "reflex", "uvicorn.access", "_granian"):
        for handler in logging.getLogger(name).handlers:
            assert any(isinstance(f, SecretFilter) for f in handler.filters), (name, handler)
