"""Start the real production build of the app on a free port, with its own data, for browser tests and benchmarks."""
from __future__ import annotations

import json
import os
import urllib.parse
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cleverstore.config import PROJECT_ROOT
from cleverstore.billing.emulator.__main__ import seeded
from cleverstore.billing.emulator.server import Emulator
from tests.support.databases import fresh_database_url

BUN_BIN = PROJECT_ROOT / ".tools" / "bun" / "node_modules" / ".bin"


@dataclass
class RunningApp:
    base_url: str
    database_url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen
    emulator: Emulator

    def emulator_control(self, action: str, **form: str) -> dict:
        """POST to the emulator's test controls (e.g. "clock/advance", to="next_renewal")."""
        data = urllib.parse.urlencode(form).encode()
        with urllib.request.urlopen(self.emulator.url + "/_emulator/" + action, data=data, timeout=60) as response:
            return json.loads(response.read())

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_environment(database_url: str, data_dir: Path, port: int, stripe_api_base: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        CLEVERSTORE_DATA_DIR=str(data_dir),
        CLEVERSTORE_SECRET_KEY="e2e-secret-key",
        CLEVERSTORE_BASE_URL=f"http://127.0.0.1:{port}",
        CLEVERSTORE_BCRYPT_ROUNDS="12",
        REFLEX_CHECK_LATEST_VERSION="false",
        CLEVERSTORE_BACKGROUND_JOBS="1",
        PATH=f"{BUN_BIN}:{env.get('PATH', '')}",
        STRIPE_API_BASE=stripe_api_base,
    )
    env.pop("STRIPE_SECRET_KEY", None)
    env.pop("STRIPE_WEBHOOK_SECRET", None)
    env.pop("REFLEX_DB_URL", None)
    env.pop("__REFLEX_SKIP_COMPILE", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def _wait_for_health(app: RunningApp, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError("the app stopped while starting:\n" + app.log_tail())
        try:
            with urllib.request.urlopen(app.url("/healthz"), timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError("the app did not answer /healthz in time:\n" + app.log_tail())


def start_app(purpose: str = "e2e", timeout: float = 420, extra_env: dict[str, str] | None = None) -> RunningApp:
    """Migrate a fresh database and start `reflex run --env prod` on one free port."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"cleverstore-{purpose}-"))
    database_url = fresh_database_url(purpose, data_dir)
    port = free_port()
    emulator = seeded(f"http://127.0.0.1:{port}/api/stripe/webhook", 0).start()
    env = {**app_environment(database_url, data_dir, port, emulator.url), **(extra_env or {})}
    subprocess.run([sys.executable, "-m", "cleverstore", "migrate"], cwd=PROJECT_ROOT, env=env, check=True)
    log_path = data_dir / "app.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port),
         "--backend-port", str(port), "--loglevel", "warning"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    app = RunningApp(f"http://127.0.0.1:{port}", database_url, data_dir, log_path, process, emulator)
    try:
        _wait_for_health(app, timeout)
    except BaseException:
        stop_app(app)
        raise
    return app


def stop_app(app: RunningApp) -> None:
    app.emulator.stop()
    if app.process.poll() is None:
        os.killpg(app.process.pid, signal.SIGTERM)
        try:
            app.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(app.process.pid, signal.SIGKILL)
            app.process.wait()
