"""Start the real production build of the app on a free port, with its own data, for browser tests and benchmarks."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cleverstore.config import PROJECT_ROOT
from stripe_emulator.__main__ import seeded
from stripe_emulator.server import Emulator
from tests.helpers.databases import fresh_database_url

BUN_BIN = PROJECT_ROOT / ".tools" / "bun" / "node_modules" / ".bin"


@dataclass
class RunningApp:
    base_url: str
    database_url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen
    emulator: Emulator
    env: dict[str, str]
    port: int

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


def start_app(purpose: str = "e2e", timeout: float = 420, extra_env: dict[str, str] | None = None, *,
              backend_only: bool = False) -> RunningApp:
    """Migrate a fresh database and start `reflex run --env prod` on one free port.

    `backend_only` serves the websocket and the HTTP routes without building the front end: for
    tests that speak the protocol themselves, and so that the browser tests' build (which names
    its own server's port) is left alone.
    """
    data_dir = Path(tempfile.mkdtemp(prefix=f"cleverstore-{purpose}-"))
    database_url = fresh_database_url(purpose, data_dir)
    port = free_port()
    emulator = seeded(f"http://127.0.0.1:{port}/api/stripe/webhook", 0).start()
    env = {**app_environment(database_url, data_dir, port, emulator.url), **(extra_env or {})}
    subprocess.run([sys.executable, "-m", "cleverstore", "migrate"], cwd=PROJECT_ROOT, env=env, check=True)
    process = _launch(env, port, data_dir / "app.log", backend_only=backend_only)
    app = RunningApp(f"http://127.0.0.1:{port}", database_url, data_dir, data_dir / "app.log", process, emulator, env,
                     port)
    try:
        _wait_for_health(app, timeout)
    except BaseException:
        stop_app(app)
        raise
    return app


def _launch(env: dict[str, str], port: int, log_path: Path, *, backend_only: bool = False) -> subprocess.Popen:
    """`reflex run --env prod` in its own process group (so a test can kill all of it at once)."""
    log = log_path.open("a")
    command = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--backend-port", str(port),
               "--loglevel", "warning"]
    command += ["--backend-only"] if backend_only else ["--frontend-port", str(port)]
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def kill_app(app: RunningApp) -> None:
    """SIGKILL the whole app (server and workers) as a power cut would; the emulator keeps running."""
    os.killpg(app.process.pid, signal.SIGKILL)
    app.process.wait()


def restart_app(app: RunningApp, timeout: float = 120, extra_env: dict[str, str] | None = None) -> None:
    """Start the back end again on the same port, database and data dir, after `migrate` as a deploy would.

    Back end only: it serves the websocket and every HTTP route without rebuilding the front end.
    """
    env = {**app.env, **(extra_env or {})}
    subprocess.run([sys.executable, "-m", "cleverstore", "migrate"], cwd=PROJECT_ROOT, env=env, check=True)
    app.process = _launch(env, app.port, app.log_path, backend_only=True)
    _wait_for_health(app, timeout)


def stop_app(app: RunningApp) -> None:
    app.emulator.stop()
    if app.process.poll() is None:
        os.killpg(app.process.pid, signal.SIGTERM)
        try:
            app.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(app.process.pid, signal.SIGKILL)
            app.process.wait()


SHARED_SETTINGS = ("DATABASE_URL", "CLEVERSTORE_DATA_DIR", "CLEVERSTORE_SECRET_KEY")


@contextmanager
def backend_shared_with_this_process(purpose: str):
    """The app's back end on a database of its own that this process reads and seeds too: the environment
    points at it while the block runs and is put back after (for websocket tests without a browser)."""
    from cleverstore.config import reset_settings
    from cleverstore.db import dispose_engines

    app = start_app(purpose, extra_env={"CLEVERSTORE_BCRYPT_ROUNDS": "4"}, backend_only=True)
    saved = {key: os.environ.get(key) for key in SHARED_SETTINGS}
    os.environ.update({key: app.env[key] for key in SHARED_SETTINGS})
    reset_settings()
    dispose_engines()
    try:
        yield app
    finally:
        stop_app(app)
        dispose_engines()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_settings()
