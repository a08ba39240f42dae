"""Command line: `python -m cleverstore migrate | serve`."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request

from cleverstore.config import PROJECT_ROOT, get_settings


def migrate() -> None:
    """Apply every alembic migration to the configured database."""
    from alembic import command
    from alembic.config import Config

    command.upgrade(Config(str(PROJECT_ROOT / "alembic.ini")), "head")
    from cleverstore.db import session_scope
    from cleverstore.services.plans import ensure_seeded

    with session_scope() as db:
        ensure_seeded(db)


def _wait_until_healthy(url: str, process: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def serve(port: int) -> int:
    """Build and start the production app on one port; print the URL once it answers."""
    settings = get_settings()
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", settings.database_url)
    env.setdefault("CLEVERSTORE_DATA_DIR", str(settings.data_dir))
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
    env.setdefault("CLEVERSTORE_BASE_URL", f"http://localhost:{port}")
    emulator = None
    if not env.get("STRIPE_SECRET_KEY"):
        emulator = _start_emulator(env, f"http://127.0.0.1:{port}/api/stripe/webhook")
    command = [sys.executable, "-m", "reflex", "run", "--env", "prod",
               "--frontend-port", str(port), "--backend-port", str(port)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
    url = f"http://localhost:{port}"
    try:
        if _wait_until_healthy(url, process, timeout=600):
            print(f"\nCleverStore is ready: {url}\n", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
    finally:
        if emulator is not None:
            emulator.stop()


def _start_emulator(env: dict[str, str], webhook_url: str):
    """Without Stripe keys the app talks to the local Stripe emulator (in this process, on its own port)."""
    from cleverstore.billing.emulator.__main__ import seeded

    port = int(env.get("STRIPE_EMULATOR_PORT", "12111"))
    emulator = seeded(webhook_url, port).start()
    env["STRIPE_API_BASE"] = emulator.url
    print(f"Stripe emulator (test mode) on {emulator.url}", flush=True)
    return emulator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cleverstore")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations")
    serve_parser = commands.add_parser("serve", help="migrate, build and run the app")
    serve_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    args = parser.parse_args(argv)
    if args.command == "migrate":
        migrate()
        return 0
    migrate()
    return serve(args.port)


if __name__ == "__main__":
    sys.exit(main())
