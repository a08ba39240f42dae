"""Mounts our HTTP routes in front of the Reflex app.

`build_api` makes a new Starlette app on every call: the Reflex app may be built
more than once in one process (tests), and a shared instance refuses that.
"""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from cleverstore.api import heir_routes, privacy_routes, second_factor_routes, shared_link_routes
from cleverstore.api.admin_routes import heir_document, support_file
from cleverstore.api.auth_routes import (
    end_admin_session,
    end_session,
    start_admin_session,
    start_session,
)
from cleverstore.api.capture_routes import capture as capture_photo
from cleverstore.api.files import serve as serve_file
from cleverstore.api.files import upload as upload_file
from cleverstore.api.health import healthz, readyz
from cleverstore.api.register_io import export_csv, upload_import
from cleverstore.api.report_routes import download_report, open_label
from cleverstore.api.policy_routes import serve_policy_document, upload_policy_document
from cleverstore.api.security_headers import SecurityHeaders
from cleverstore.api.static_assets import StaticAssets
from cleverstore.api.stripe_webhook import stripe_webhook
from cleverstore.api.verify_routes import check_report
from cleverstore.logs import RequestIds


def _routes() -> list[Route]:
    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/auth/session", start_session, methods=["GET"]),
        Route("/auth/logout", end_session, methods=["GET"]),
        Route("/reports/{public_id}", download_report, methods=["GET"]),
        Route("/l/{code}", open_label, methods=["GET"]),
        Route("/admin/auth/session", start_admin_session, methods=["GET"]),
        Route("/admin/auth/logout", end_admin_session, methods=["GET"]),
        Route("/admin/heir-document/{document_id}", heir_document, methods=["GET"]),
        Route("/admin/support-file/{thread_id}/{file_id}/{variant}", support_file, methods=["GET"]),
        Route("/auth/verify", privacy_routes.verify_email, methods=["GET"]),
        Route("/auth/second-factor-removal", second_factor_routes.confirm_form, methods=["GET"]),
        Route("/auth/second-factor-removal", second_factor_routes.confirm, methods=["POST"]),
        Route("/auth/second-factor-removal/stop", second_factor_routes.stop, methods=["GET"]),
        Route("/privacy/export", privacy_routes.export_data, methods=["GET"]),
        Route("/dev/mailbox", privacy_routes.dev_mailbox, methods=["GET"]),
        Route("/heir/claim", heir_routes.claim_form, methods=["GET"]),
        Route("/heir/claim", heir_routes.submit_claim, methods=["POST"]),
        Route("/heir/access", heir_routes.access, methods=["GET"]),
        Route("/heir/object", heir_routes.objection, methods=["GET"]),
        Route("/heir/register", heir_routes.register_view, methods=["GET"]),
        Route("/heir/register.pdf", heir_routes.register_pdf, methods=["GET"]),
        Route("/s/{token}", shared_link_routes.open_link, methods=["GET"]),
        Route("/s/{token}", shared_link_routes.enter_code, methods=["POST"]),
        Route("/s/{token}/files/{file_id}/{variant}", shared_link_routes.serve_file, methods=["GET"]),
        Route("/s/{token}/report.pdf", shared_link_routes.download_report, methods=["GET"]),
        Route("/api/stripe/webhook", stripe_webhook, methods=["POST"]),
        Route("/files/upload", upload_file, methods=["POST"]),
        Route("/capture/photo", capture_photo, methods=["POST"]),
        Route("/files/{file_id}/{variant}", serve_file, methods=["GET"]),
        Route("/policies/{policy_id}/document", upload_policy_document, methods=["POST"]),
        Route("/policies/{policy_id}/document", serve_policy_document, methods=["GET"]),
        Route("/register/export.csv", export_csv, methods=["GET"]),
        Route("/register/import", upload_import, methods=["POST"]),
        Route("/verify/report", check_report, methods=["POST"]),
    ]


def build_api(reflex_asgi):
    outer = Starlette(routes=_routes())
    outer.mount("", reflex_asgi)
    return RequestIds(SecurityHeaders(StaticAssets(outer)))
