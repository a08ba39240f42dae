"""GET /healthz: 200 when the database answers, 503 otherwise."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from cleverstore.db import database_answers


async def healthz(_request: Request) -> JSONResponse:
    db_ok = await run_in_threadpool(database_answers)
    body = {"status": "ok" if db_ok else "error", "db": "ok" if db_ok else "error"}
    return JSONResponse(body, status_code=200 if db_ok else 503, headers={"Cache-Control": "no-store"})
