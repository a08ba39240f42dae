"""The register report of one policy: its places' objects and the objects on its separate cover, the policy
on the cover; another customer's policy makes no report."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from cleverstore.services import insurance
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import make_register_report, runner
from cleverstore.services.shared import NotFound
from tests.helpers.factories import make_account, make_item
from tests.helpers.reports import report_file

FIXED_TIME = datetime(2026, 12, 6, 9, 30, tzinfo=timezone.utc)


def _text(job) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(report_file(job))).pages).split())


def test_the_report_of_one_policy_lists_its_objects_and_names_the_policy(db):
    anna = make_account(db, name="Anna Andersson")
    make_item(db, anna, name="Kylskåp Electrolux", location="Villan › Kök", replacement_value="20000")
    make_item(db, anna, name="Båtmotor Yamaha", location="Sommarstugan", replacement_value="25000")
    ring = make_item(db, anna, name="Förlovningsring", location="Villan › Sovrum", replacement_value="60000")
    make_item(db, anna, name="Såld soffa", location="Villan › Kök", replacement_value="9000", status="sold",
              sold_date="2025-05-01")
    db.commit()
    from cleverstore.services.register import catalogue
    villa = catalogue.location_at_path(db, anna.id, "Villan").id
    summer = catalogue.location_at_path(db, anna.id, "Sommarstugan").id
    db.commit()
    villa_policy = insurance.save_policy(anna.id, {"company": "Folksam", "policy_number": "VH-778899",
                                                   "kind": "villa", "contents_sum": "800 000",
                                                   "theft_limit_percent": "25", "excess": "1 500"}, [villa])
    insurance.save_policy(anna.id, {"company": "If", "policy_number": "FH-1", "kind": "holiday_home",
                                    "contents_sum": "100 000"}, [summer])
    allrisk = insurance.save_policy(anna.id, {"company": "Hedvig", "policy_number": "AR-5", "kind": "allrisk",
                                              "contents_sum": "60 000"})
    insurance.put_on_separate_cover(anna.id, ring.id, allrisk)

    villa_text = _text(runner.register_report(anna.id, ItemQuery(), "sv", report_id="R-POL1", created=FIXED_TIME,
                                              deterministic=True, policy_id=villa_policy))
    assert "Folksam" in villa_text and "VH-778899" in villa_text and "Villahemförsäkring" in villa_text
    assert "800 000,00 kr" in villa_text.replace("\u00a0", " ")
    assert "200 000,00 kr" in villa_text.replace("\u00a0", " ")  # 25 % of the contents sum
    assert "Kylskåp Electrolux" in villa_text
    assert "Båtmotor Yamaha" not in villa_text and "Förlovningsring" not in villa_text
    assert "Såld soffa" not in villa_text

    allrisk_text = _text(runner.register_report(anna.id, ItemQuery(), "sv", report_id="R-POL2",
                                                created=FIXED_TIME, deterministic=True, policy_id=allrisk))
    assert "Hedvig" in allrisk_text and "Förlovningsring" in allrisk_text
    assert "Kylskåp Electrolux" not in allrisk_text


def test_another_customers_policy_makes_no_report(db):
    anna = make_account(db, email="anna@example.se")
    bo = make_account(db, email="bo@example.se")
    make_item(db, anna, name="Annas tavla", replacement_value="5000")
    db.commit()
    policy = insurance.save_policy(anna.id, {"company": "Folksam", "kind": "home", "contents_sum": "1000"})
    with pytest.raises(NotFound):
        make_register_report(bo.id, {"policy": str(policy)}, "sv")
