"""SuperPro requests: stored for the admins, listed oldest first, marked handled."""
import pytest

from cleverstore.services.billing import superpro
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from tests.helpers.factories import make_account


def test_requests_reach_the_admin_list_until_handled(db):
    first, second = make_account(db, subscribed=False), make_account(db)
    a = superpro.submit_request(db, first.id, {"company_count": "3", "message": "Tre bolag"})
    b = superpro.submit_request(db, second.id, {"company_count": " 12 ", "message": "Koncern\nmed 12 bolag"})
    assert [r.id for r in superpro.open_requests(db)] == [a.id, b.id]
    assert b.message == "Koncern\nmed 12 bolag" and b.company_count == 12
    superpro.mark_handled(db, a.id)
    assert [r.id for r in superpro.open_requests(db)] == [b.id]
    assert [r.id for r in superpro.requests_of(db, first.id)] == [a.id]
    with pytest.raises(NotFound):
        superpro.mark_handled(db, 999_999)


@pytest.mark.parametrize("form, errors", [
    ({"company_count": "1", "message": "x"}, {"company_count": "error.company_count"}),
    ({"company_count": "två", "message": "x"}, {"company_count": "error.whole_number"}),
    ({"company_count": "3", "message": "   "}, {"message": "error.required"}),
    ({"company_count": "3", "message": "x" * 2001}, {"message": "error.too_long"}),
])
def test_bad_requests_are_refused_with_a_reason(db, form, errors):
    account = make_account(db, subscribed=False)
    with pytest.raises(ValidationFailed) as refused:
        superpro.submit_request(db, account.id, form)
    assert refused.value.errors == errors
    assert superpro.open_requests(db) == []
