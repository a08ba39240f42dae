"""Behind the documented nginx, each customer keeps their own address: one client's failed logins do
not lock out another, and the device record shows the customer's network, not the proxy's.

nginx (Debian's) runs on loopback with the directives of docs/deploy.md; two clients connect to it
from different loopback networks (127.0.1.x and 127.0.2.x), so nginx sees two addresses and forwards
them in X-Forwarded-For; the app trusts only nginx (CLEVERSTORE_TRUSTED_PROXIES=127.0.0.1).
"""
from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import aiohttp
import pytest
import socketio
from sqlmodel import select

from cleverstore.config import reset_settings
from cleverstore.db import dispose_engines, session_scope
from cleverstore.models import Device
from tests.helpers.app_server import free_port, start_app, stop_app
from tests.helpers.factories import activated_sign_up, signup_form, subscribe
from tests.helpers.ws_client import LOGIN, PASSWORD, Customer, frontend_schema, run_in_own_loop

ROOT = Path(__file__).resolve().parents[2]
ATTACKER, CUSTOMER = "127.0.1.7", "127.0.2.9"


def _deploy_nginx_config(app_port: int, listen_port: int, work: Path) -> str:
    """The http-level directives and the app's `location` blocks of docs/deploy.md, on plain HTTP."""
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = re.search(r"```nginx\n(.*?)```", doc, re.S).group(1)
    http_part = block.split("# --- the sites")[0].replace("127.0.0.1:3000", f"127.0.0.1:{app_port}")
    locations = block[block.index("    location /_event"):block.rindex("}")]
    return f"""
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
{http_part}
    server {{
        listen 127.0.0.1:{listen_port};
        access_log {work}/access.log cleverstore;
        client_max_body_size 16m;
{locations}
    }}
}}
"""


@pytest.fixture()
def proxied_app(tmp_path, monkeypatch):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is needed (make test installs it from Debian's packages: apt-get install nginx)")
    app = start_app("proxy", extra_env={"CLEVERSTORE_BCRYPT_ROUNDS": "4", "CLEVERSTORE_TRUSTED_PROXIES": "127.0.0.1"},
                    backend_only=True)
    port = free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(_deploy_nginx_config(app.port, port, tmp_path))
    subprocess.run([nginx, "-t", "-c", str(config), "-p", str(tmp_path)], check=True, capture_output=True)
    subprocess.run([nginx, "-c", str(config), "-p", str(tmp_path)], check=True, capture_output=True)
    for key in ("DATABASE_URL", "CLEVERSTORE_DATA_DIR", "CLEVERSTORE_SECRET_KEY"):
        monkeypatch.setenv(key, app.env[key])
    reset_settings()
    dispose_engines()
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([nginx, "-c", str(config), "-p", str(tmp_path), "-s", "stop"], capture_output=True)
        stop_app(app)
        dispose_engines()
        monkeypatch.undo()
        reset_settings()


class _FromAddress(Customer):
    """A browser tab whose connections leave from `source` (another loopback address)."""

    def __init__(self, base_url: str, schema: str, source: str):
        super().__init__(base_url, schema, [])
        self.source = source

    async def connect(self, path: str) -> None:
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(self.source, 0)))
        original = socketio.AsyncClient

        def bound(*args, **kwargs):
            return original(*args, http_session=self.http, **kwargs)

        socketio.AsyncClient = bound
        try:
            await super().connect(path)
        finally:
            socketio.AsyncClient = original

    async def close(self) -> None:
        if self.sio is not None:
            await self.sio.disconnect()
        await self.http.close()


async def _failed_logins(base_url: str, schema: str, count: int) -> None:
    attacker = _FromAddress(base_url, schema, ATTACKER)
    await attacker.connect("/login/")
    for number in range(count):
        await attacker.send(f"{LOGIN}.login", {"form": {"email": f"guess{number}@example.se", "password": "fel"}},
                            "/login/")
    await attacker.close()


async def _log_in(base_url: str, schema: str, email: str) -> str:
    customer = _FromAddress(base_url, schema, CUSTOMER)
    await customer.connect("/login/")
    try:  # let in, the answer carries the ticket (an event); refused, it carries only the message
        await asyncio.wait_for(customer.send(f"{LOGIN}.login", {"form": {"email": email, "password": PASSWORD}},
                                             "/login/", want_events=True), 20)
    except TimeoutError:
        pass
    answer = str(customer.last_events) + str(customer.last_delta)
    if "ticket=" in answer:  # the page then opens the session route, through the proxy too
        ticket = answer.split("ticket=")[1].split("'")[0].split("\\")[0]
        async with customer.http.get(f"{base_url}/auth/session?ticket={ticket}", allow_redirects=False) as reply:
            assert reply.status in (302, 303, 307), reply.status
    await customer.close()
    return answer


def test_one_clients_failed_logins_do_not_lock_another_behind_nginx(proxied_app):
    app, proxy_url = proxied_app
    with session_scope() as db:
        account = activated_sign_up(db, signup_form(email=f"kund-{uuid.uuid4().hex[:6]}@example.se"))
        subscribe(db, account)
        email, account_id = account.email, account.id
    schema = frontend_schema()

    run_in_own_loop(_failed_logins(proxy_url, schema, 31))  # past the per-network limit of 30
    answer = run_in_own_loop(_log_in(proxy_url, schema, email))

    assert "ticket=" in answer, answer[:500]  # let in: the attacker's network is not the customer's
    with session_scope() as db:
        prefixes = set(db.exec(select(Device.ip_prefix).where(Device.account_id == account_id)).all())
    assert prefixes == {"127.0.2.0/24"}
