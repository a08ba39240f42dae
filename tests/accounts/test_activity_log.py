from cleverstore.i18n import CATALOGUES
from cleverstore.services.register import items
from cleverstore.services.shared import activity
from cleverstore.services.shared.mail import queue_mail
from tests.helpers.factories import make_account, make_item


def test_changes_are_recorded_for_the_customer_only(db):
    account, other = make_account(db), make_account(db)
    item = make_item(db, account, name="Cykel")
    items.update_item(db, account.id, item.id, {"name": "Racercykel"})
    items.delete_item(db, account.id, item.id)
    kinds = [(event.kind, event.detail) for event in activity.recent(db, account.id)]
    assert kinds[:3] == [("item_deleted", "Racercykel"), ("item_updated", "Racercykel"), ("item_created", "Cykel")]
    assert kinds[-1][0] == "signup"
    assert [event.kind for event in activity.recent(db, other.id)] == ["signup"]


def test_every_kind_has_a_text_in_both_languages():
    for kind in activity.KINDS:
        assert f"activity.{kind}" in CATALOGUES["sv"] and f"activity.{kind}" in CATALOGUES["en"]


def test_mail_is_queued_not_sent(db):
    account = make_account(db)
    mail = queue_mail(db, to=account.email, subject="Hej", body="Text", kind="test", account_id=account.id)
    assert mail.id and mail.sent_at is None and mail.attempts == 0
