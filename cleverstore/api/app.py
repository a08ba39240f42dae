"""Mounts our HTTP routes in front of the Reflex app.

`build_api` makes a new Starlette app on every call: the Reflex app may be built
more than once in one process (tests), and a shared instance refuses that.
"""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from cleverstore.api.auth_routes import end_session, start_session
from cleverstore.api.files import serve as serve_file
from cleverstore.api.files import upload as upload_file
from cleverstore.api.health import healthz
from cleverstore.api.register_io import export_csv, upload_import


def _routes() -> list[Route]:
    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/auth/session", start_session, methods=["GET"]),
        Route("/auth/logout", end_session, methods=["GET"]),
        Route("/files/upload", upload_file, methods=["POST"]),
        Route("/files/{file_id}/{variant}", serve_file, methods=["GET"]),
        Route("/register/export.csv", export_csv, methods=["GET"]),
        Route("/register/import", upload_import, methods=["POST"]),
    ]


def build_api(reflex_asgi):
    outer = Starlette(routes=_routes())
    outer.mount("", reflex_asgi)
    return outer
