"""Policies: bad input is refused with a message per field and changes nothing; another customer's policy,
places and document are never reachable."""
from __future__ import annotations

import pytest
from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.i18n import translate
from cleverstore.models import ActivityEvent, InsurancePolicy
from cleverstore.services import insurance
from cleverstore.services.register import catalogue
from cleverstore.services.shared import NotFound, ValidationFailed
from tests.helpers.factories import make_account, make_item
from tests.helpers.file_store import no_orphan_grace

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
      b"trailer<</Root 1 0 R>>\n%%EOF\n"
GOOD = {"company": "Folksam", "policy_number": "HV-1", "kind": "home", "contents_sum": "400 000"}


@pytest.fixture()
def customers(db_url):
    with session_scope() as db:
        anna = make_account(db, email="anna@example.se")
        bo = make_account(db, email="bo@example.se")
        return anna.id, bo.id


def _rows() -> list[tuple]:
    with session_scope() as db:
        return [(p.company, p.contents_sum_ore, p.theft_limit_ore, p.theft_limit_percent)
                for p in db.exec(select(InsurancePolicy)).all()]


@pytest.mark.parametrize(("change", "field", "key"), [
    ({"company": " "}, "company", "error.required"),
    ({"contents_sum": ""}, "contents_sum", "insurance.amount_required"),
    ({"contents_sum": "mycket"}, "contents_sum", "insurance.amount_invalid"),
    ({"kind": "livförsäkring"}, "kind", "insurance.kind_invalid"),
    ({"theft_limit_percent": "120"}, "theft_limit_percent", "insurance.percent_invalid"),
    ({"theft_limit_percent": "12,5"}, "theft_limit_percent", "insurance.percent_invalid"),
    ({"theft_limit": "50 000", "theft_limit_percent": "20"}, "theft_limit", "insurance.theft_limit_twice"),
    ({"single_item_limit": "-5"}, "single_item_limit", "insurance.amount_invalid"),
    ({"renews_on": "2026-13-40"}, "renews_on", "error.date_invalid"),
])
def test_bad_input_is_refused_with_a_message_in_both_languages_and_nothing_changes(customers, change, field, key):
    anna, _bo = customers
    policy = insurance.save_policy(anna, GOOD)
    before = _rows()
    for policy_id in (None, str(policy)):
        with pytest.raises(ValidationFailed) as refused:
            insurance.save_policy(anna, {**GOOD, **change, **({"id": policy_id} if policy_id else {})})
        assert refused.value.errors[field] == key
    for lang in ("sv", "en"):
        assert translate(key, lang) != key
    assert _rows() == before


def test_another_customers_policy_is_never_reachable(customers):
    anna, bo = customers
    policy = insurance.save_policy(anna, GOOD)
    insurance.attach_policy_document(anna, policy, PDF, "villkor.pdf")
    with session_scope() as db:
        from cleverstore.models import Account
        bos_item = make_item(db, db.get(Account, bo), name="Bos gitarr").id
        bos_place = catalogue.location_at_path(db, bo, "Bos hus").id
    for attempt in (
        lambda: insurance.open_policy(bo, policy),
        lambda: insurance.save_policy(bo, {**GOOD, "id": str(policy), "company": "Kapad"}),
        lambda: insurance.delete_policy(bo, policy),
        lambda: insurance.read_policy_document(bo, policy),
        lambda: insurance.attach_policy_document(bo, policy, PDF, "falsk.pdf"),
        lambda: insurance.put_on_separate_cover(anna, bos_item, ""),
        lambda: insurance.save_policy(anna, GOOD, [bos_place]),
        lambda: insurance.open_policy(anna, "1; DROP TABLE item"),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert insurance.list_policies(bo).policies == ()
    assert insurance.insurance_check(bo).policies == []
    assert insurance.read_policy_document(anna, policy).data == PDF
    assert [row[0] for row in _rows()] == ["Folksam"]


def test_the_policy_document_is_a_pdf_kept_for_its_owner(customers):
    anna, _bo = customers
    policy = insurance.save_policy(anna, GOOD)
    with pytest.raises(insurance.RejectedFile) as refused:
        insurance.attach_policy_document(anna, policy, b"\x89PNG\r\n\x1a\nnot a pdf", "bild.png")
    assert refused.value.key == "insurance.pdf_only"
    with pytest.raises(NotFound):
        insurance.read_policy_document(anna, policy)
    insurance.attach_policy_document(anna, policy, PDF, "../../Folksam villkor.pdf")
    shown = insurance.list_policies(anna).policies[0]
    assert shown.document == "Folksam villkor.pdf"
    assert insurance.read_policy_document(anna, policy).content_type == "application/pdf"


def test_saving_and_deleting_are_in_the_activity_log(customers):
    anna, _bo = customers
    policy = insurance.save_policy(anna, GOOD)
    insurance.delete_policy(anna, policy)
    with session_scope() as db:
        kinds = [e.kind for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == anna)
                                         .order_by(ActivityEvent.id)).all()]
    assert kinds[-2:] == ["policy_saved", "policy_deleted"]


def test_the_sweep_keeps_policy_documents_and_the_erasure_removes_them(customers, monkeypatch):
    from cleverstore.models import Account
    from cleverstore.services.privacy import erasure
    from cleverstore.services.register import files
    from cleverstore.storage.files import get_store

    anna, bo = customers
    annas = insurance.save_policy(anna, GOOD)
    bos = insurance.save_policy(bo, GOOD)
    insurance.attach_policy_document(anna, annas, PDF, "a.pdf")
    insurance.attach_policy_document(bo, bos, PDF, "b.pdf")
    insurance.attach_policy_document(bo, bos, PDF + b"%new", "b2.pdf")  # replaces: the first copy goes
    with session_scope() as db:
        names = {p.id: p.document_name for p in db.exec(select(InsurancePolicy)).all()}
    store = get_store()
    orphan = "ab/" + "4" * 32 + ".pdf"
    store.put(orphan, PDF)
    with no_orphan_grace(monkeypatch):
        with session_scope() as db:
            assert files.sweep_orphans(db) == 1
    assert store.get(orphan) is None
    assert store.get(names[annas]) == PDF and store.get(names[bos]) == PDF + b"%new"
    with session_scope() as db:
        erasure.erase_account(db, db.get(Account, anna).id)
    assert store.get(names[annas]) is None and store.get(names[bos]) is not None
