"""One app node for the tests of work shared between nodes: a separate process with its own data
directory, on the database, file store and SMTP server its environment names. Prints one JSON line.

    python -m tests.operations.node_process race START_AT ROUNDS [ACCOUNT_ID]
        from the moment START_AT (epoch seconds) on, ROUNDS times: the background loop's two steps
        (scheduled jobs, mail); with ACCOUNT_ID, a register report is made in between.
    python -m tests.operations.node_process download ACCOUNT_ID PUBLIC_ID
        the report's bytes as its owner's download gets them, and their SHA-256.
    python -m tests.operations.node_process heir-document ADMIN_ID DOCUMENT_ID
        an heir-claim document as an heir reviewer opens it, and its SHA-256.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from datetime import timedelta


def race(start_at: float, rounds: int, account_id: int | None) -> dict:
    from cleverstore import background
    from cleverstore.models.base import utcnow
    from cleverstore.services.operations import job_claims
    from cleverstore.services.register.items import ItemQuery
    from cleverstore.services.reports import runner

    every = background.JOBS_EVERY_SECONDS
    runs, sent, report = [], 0, None
    time.sleep(max(0.0, start_at - time.time()))
    for number in range(rounds):
        period = job_claims.period_end(utcnow(), timedelta(seconds=every)).isoformat()
        counts = background.run_jobs_once()
        runs.append({"period": period, "counts": counts})
        sent += background.deliver_mail_once().sent
        if account_id is not None and number == rounds // 2:
            job = runner.register_report(account_id, ItemQuery(), "sv")
            report = {"public_id": job.public_id, "size": job.size_bytes, "status": job.status}
    return {"runs": runs, "sent": sent, "report": report}


def download(account_id: int, public_id: str) -> dict:
    from cleverstore.services.reports import report_download

    found = report_download([account_id], public_id)
    return {"size": len(found.data), "sha256": hashlib.sha256(found.data).hexdigest(),
            "pdf": found.data.startswith(b"%PDF"), "file_name": found.file_name}


def heir_document(admin_id: int, document_id: int) -> dict:
    from cleverstore.services.heirs import claim_document_for_admin

    found = claim_document_for_admin(admin_id, document_id)
    return {"found": found is not None, "sha256": hashlib.sha256(found[1]).hexdigest() if found else ""}


def main(argv: list[str]) -> int:
    role = argv[0]
    if role == "race":
        result = race(float(argv[1]), int(argv[2]), int(argv[3]) if len(argv) > 3 else None)
    elif role == "download":
        result = download(int(argv[1]), argv[2])
    elif role == "heir-document":
        result = heir_document(int(argv[1]), int(argv[2]))
    else:
        raise SystemExit(f"unknown role {role}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
