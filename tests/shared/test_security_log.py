"""Refused ids and forged webhooks leave a trace: one structured log line (rate-limited) and a count per
day for the administrators; nothing personal in either."""
import json
import logging

import pytest

from cleverstore.db import session_scope, tenant_scope
from cleverstore.services.billing import receive_stripe_webhook
from cleverstore.services.register.ownership import get_item
from cleverstore.services.shared import NotFound, security_log
from tests.helpers.factories import make_account, make_item


@pytest.fixture(autouse=True)
def fresh_rate_limit(monkeypatch):
    monkeypatch.setattr(security_log, "_last_logged", {})
    monkeypatch.setattr(security_log, "_held_back", {})


def _counts() -> dict[str, int]:
    with session_scope() as db:
        return {kind: count for _day, kind, count in security_log.counts_by_day(db)}


def test_asking_for_another_customers_object_is_logged_and_counted(db, caplog):
    owner, stranger = make_account(db), make_account(db)
    item = make_item(db, owner, name="Cykel")
    db.commit()
    caplog.set_level(logging.WARNING, logger="cleverstore.security")
    for _ in range(5):
        with pytest.raises(NotFound), tenant_scope(stranger.id) as session:
            get_item(session, stranger.id, item.id)

    assert _counts() == {"denied_id": 5}
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "cleverstore.security"]
    assert lines == [{"security_event": "denied_id", "table": "item", "id": str(item.id), "not_logged_since_last": 0}]
    assert owner.email not in caplog.text and "Cykel" not in caplog.text


def test_a_forged_webhook_is_counted(db):
    assert receive_stripe_webhook(b'{"id": "evt_x"}', "t=1,v1=00").result == "bad_signature"
    assert _counts() == {"forged_webhook": 1}


def test_the_admin_statistics_show_the_count_per_day(db):
    from cleverstore.state.admin.site import AdminStatisticsState
    from tests.helpers.factories import admin_token, make_admin, state_for

    receive_stripe_webhook(b'{"id": "evt_x"}', "t=1,v1=00")
    admin, _secret = make_admin(db)
    page = state_for(AdminStatisticsState, admin=admin_token(db, admin), path="/admin")
    db.commit()
    page.on_load()
    assert [(row["kind"], row["count"]) for row in page.security_events] == [("Förfalskat Stripe-anrop", "1")]
