"""Heavy work is limited per customer: one job at a time and ten in ten minutes, with a friendly
message; another customer is never held up by it."""
import pytest

from cleverstore.services.privacy import export_my_data
from cleverstore.services.shared import ValidationFailed
from cleverstore.services.shared.job_limits import JOBS_PER_WINDOW, job_slot
from tests.api.conftest import asgi_app, client  # noqa: F401  (fixtures)
from tests.helpers.factories import make_account, signed_in_token


def test_one_job_at_a_time_per_customer_but_others_go_ahead(db):
    anna, bo = make_account(db), make_account(db)
    db.commit()
    with job_slot(anna.id, "report"):
        with pytest.raises(ValidationFailed) as refused, job_slot(anna.id, "export"):
            pass
        assert refused.value.errors == {"job": "error.job_running"}
        with job_slot(bo.id, "export"):
            pass
    with job_slot(anna.id, "export"):  # the first one ended: the slot is free again
        pass


def test_ten_jobs_in_ten_minutes_then_a_pause(db):
    anna, bo = make_account(db), make_account(db)
    db.commit()
    for _ in range(JOBS_PER_WINDOW):
        with job_slot(anna.id, "labels"):
            pass
    with pytest.raises(ValidationFailed) as refused, job_slot(anna.id, "report"):
        pass
    assert refused.value.errors == {"job": "error.too_many_jobs"}
    with job_slot(bo.id, "report"):
        pass


def test_a_failed_job_gives_its_slot_back(db):
    anna = make_account(db)
    db.commit()
    with pytest.raises(RuntimeError), job_slot(anna.id, "import"):
        raise RuntimeError("the import broke")
    with job_slot(anna.id, "import"):
        pass


def test_the_eleventh_export_in_a_row_gets_a_page_that_says_why(client, db):  # noqa: F811
    anna = make_account(db)
    client.cookies.set("cs_session", signed_in_token(db, anna))
    db.commit()
    statuses = [client.get("/privacy/export").status_code for _ in range(JOBS_PER_WINDOW + 1)]
    assert statuses == [200] * JOBS_PER_WINDOW + [429]
    page = client.get("/privacy/export")
    assert page.status_code == 429 and "Vänta några minuter" in page.text
    with pytest.raises(ValidationFailed):
        export_my_data(anna.id)
