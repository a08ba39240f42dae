"""Several app nodes on one database: each scheduled job runs once per period, each message is sent
once, and a report made on one node downloads from another."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from cleverstore import background
from cleverstore.config import PROJECT_ROOT
from cleverstore.db import session_scope
from cleverstore.models import ClaimDocument, JobClaim, OutgoingMail, ReportVerification
from cleverstore.models.base import utcnow
from cleverstore.services.heirs import claims
from cleverstore.services.operations import job_claims, mail_delivery
from cleverstore.services.shared.mail import queue_mail
from tests.helpers.databases import postgres_base_url
from tests.helpers.factories import make_account, make_admin, make_item
from tests.helpers.s3 import use_bucket
from tests.operations.test_mail_delivery import smtp_server  # noqa: F401  (the SMTP server fixture)

FIVE_MINUTES = timedelta(minutes=5)
MAILS = 40
ROUNDS = 12


def test_periods_are_counted_from_the_epoch():
    moment = datetime(2026, 12, 7, 13, 2, 30, tzinfo=timezone.utc)
    assert job_claims.period_end(moment, FIVE_MINUTES) == datetime(2026, 12, 7, 13, 5, tzinfo=timezone.utc)
    assert job_claims.period_end(datetime(2026, 12, 7, 13, 5, tzinfo=timezone.utc), FIVE_MINUTES) == \
        datetime(2026, 12, 7, 13, 10, tzinfo=timezone.utc)


def test_a_job_is_taken_once_per_period(db_url):
    start = datetime(2026, 12, 7, 13, 0, 10, tzinfo=timezone.utc)
    assert job_claims.take("purge", FIVE_MINUTES, now=start)
    assert not job_claims.take("purge", FIVE_MINUTES, now=start)
    assert not job_claims.take("purge", FIVE_MINUTES, now=start + timedelta(minutes=4, seconds=49))
    assert job_claims.take("other-job", FIVE_MINUTES, now=start)  # each name has its own row
    assert job_claims.take("purge", FIVE_MINUTES, now=start + timedelta(minutes=4, seconds=50))
    with session_scope() as db:
        row = db.get(JobClaim, "purge")
        assert row.due_at == datetime(2026, 12, 7, 13, 10, tzinfo=timezone.utc)
        assert row.claimed_by == job_claims.node_name()


def test_the_loop_runs_the_scheduled_jobs_once_in_a_period(db):
    old = queue_mail(db, to="a@example.se", subject="Gammal", body="-", kind="test", account_id=None)
    old.sent_at = utcnow() - timedelta(days=40)
    db.add(old)
    db.commit()
    first = background.run_jobs_once()
    assert first is not None and first["mail"] == 1
    assert background.run_jobs_once() is None  # the next tick in the same period (or another node's)


def test_a_message_claimed_by_one_worker_is_not_due_for_another(db):
    queue_mail(db, to="b@example.se", subject="Hej", body="-", kind="test")
    db.commit()
    now = utcnow()
    with session_scope() as first, session_scope() as second:
        taken = mail_delivery._claim_due(first, now)
        assert [m.subject for m in taken] == ["Hej"] and taken[0].attempts == 1
        assert mail_delivery._claim_due(second, now) == []


def _node_env(tmp_path, name: str, storage: dict[str, str], smtp_port: int) -> dict[str, str]:
    data_dir = tmp_path / name
    data_dir.mkdir(exist_ok=True)
    return {**os.environ, **storage, "CLEVERSTORE_DATA_DIR": str(data_dir), "CLEVERSTORE_BACKGROUND_JOBS": "0",
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_STARTTLS": "false",
            "PYTHONPATH": str(PROJECT_ROOT)}


def _node(env: dict[str, str], *args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.operations.node_process", *map(str, args)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _result(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.skipif(postgres_base_url() is None,
                    reason="two app nodes need PostgreSQL (CLEVERSTORE_TEST_DATABASE_URL); SQLite serves one node")
def test_two_app_nodes_run_each_job_once_send_each_mail_once_and_share_reports(
        db, tmp_path, monkeypatch, s3_server, smtp_server):  # noqa: F811
    controller, inbox = smtp_server
    prefix = use_bucket(monkeypatch, s3_server)
    storage = s3_server.environment(prefix)
    owner = make_account(db, name="Greta Nodsson")
    for name in ("Cykel", "Symaskin", "Golvur"):
        make_item(db, owner, name=name)
    for number in range(MAILS):
        queue_mail(db, to=f"kund{number}@example.se", subject=f"Meddelande {number}", body="-", kind="test")
    old = queue_mail(db, to="gammal@example.se", subject="Skickat för länge sedan", body="-", kind="test")
    old.sent_at = utcnow() - timedelta(days=40)
    db.add(old)
    db.commit()
    owner_id = owner.id
    queued = Counter(m.subject for m in db.exec(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))).all())
    assert queued.total() == MAILS + 1  # ours and the owner's address confirmation

    start_at = time.time() + 4  # both processes are up and connected before the race starts
    first = _node(_node_env(tmp_path, "node-a", storage, controller.port), "race", start_at, ROUNDS, owner_id)
    second = _node(_node_env(tmp_path, "node-b", storage, controller.port), "race", start_at, ROUNDS)
    results = [_result(first), _result(second)]

    # each period the rounds fell in was run by exactly one node, and the job's work was done once
    runs_by_period = Counter()
    for result in results:
        for run in result["runs"]:
            runs_by_period[run["period"]] += run["counts"] is not None
    assert set(runs_by_period.values()) == {1}, runs_by_period
    done = [run["counts"] for result in results for run in result["runs"] if run["counts"] is not None]
    assert sum(counts["mail"] for counts in done) == 1  # the old message was purged once

    # every queued message reached the SMTP server once
    subjects = Counter(message_subject(content) for _, _, content in inbox.messages)
    assert subjects == queued
    assert sum(result["sent"] for result in results) == queued.total()
    db.expire_all()
    assert all(mail.sent_at is not None and mail.attempts == 1 for mail in db.exec(select(OutgoingMail)).all())

    # the report made on node A downloads from node B, byte for byte what was issued
    made = results[0]["report"]
    assert made["status"] == "done"
    assert not list((tmp_path / "node-a").rglob("*.pdf")) and not any(
        path.is_file() for path in (tmp_path / "node-a").rglob("reports/*"))  # nothing kept on A's disk
    fetched = _result(_node(_node_env(tmp_path, "node-b", storage, controller.port),
                            "download", owner_id, made["public_id"]))
    issued = db.exec(select(ReportVerification).where(ReportVerification.report_id == made["public_id"])).one()
    assert fetched["pdf"] and fetched["size"] == made["size"] and fetched["sha256"] == issued.sha256

    # an heir claim sent to this process is opened by a reviewer on node B
    evidence = b"%PDF-1.4\n% intyg\n"
    claims.submit_claim(db, {"owner_email": owner.email, "claimant_name": "Karin Arvinge",
                             "claimant_email": "karin@example.se", "reason": "death"},
                        [claims.Document("id", "id.pdf", evidence),
                         claims.Document("death_certificate", "d.pdf", evidence)])
    reviewer, _ = make_admin(db)
    reviewer.heir_reviewer = True
    db.add(reviewer)
    document = db.exec(select(ClaimDocument).where(ClaimDocument.account_id == owner_id)).first()
    db.commit()
    opened = _result(_node(_node_env(tmp_path, "node-b", storage, controller.port),
                           "heir-document", reviewer.id, document.id))
    assert opened == {"found": True, "sha256": hashlib.sha256(evidence).hexdigest()}


def message_subject(content: bytes) -> str:
    from email import message_from_bytes, policy

    return str(message_from_bytes(content, policy=policy.default)["Subject"])
