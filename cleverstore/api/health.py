"""GET /healthz (the process answers and its database too) and GET /readyz (ready for traffic)."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from cleverstore.services.operations import (
    database_answers,
    redis_answers,
    schema_is_current,
)

NO_STORE = {"Cache-Control": "no-store"}


async def healthz(_request: Request) -> JSONResponse:
    db_ok = await run_in_threadpool(database_answers)
    body = {"status": "ok" if db_ok else "error", "db": "ok" if db_ok else "error"}
    return JSONResponse(body, status_code=200 if db_ok else 503, headers=NO_STORE)


async def readyz(_request: Request) -> JSONResponse:
    """Ready when the database answers with the newest schema and Redis (if used) answers."""
    db_ok = await run_in_threadpool(database_answers)
    schema_ok = db_ok and await run_in_threadpool(schema_is_current)
    redis_ok = await run_in_threadpool(redis_answers)
    checks = {"db": db_ok, "schema": schema_ok}
    if redis_ok is not None:
        checks["redis"] = redis_ok
    ready = all(checks.values())
    body = {"status": "ready" if ready else "not ready", **{k: "ok" if v else "error" for k, v in checks.items()}}
    return JSONResponse(body, status_code=200 if ready else 503, headers=NO_STORE)
