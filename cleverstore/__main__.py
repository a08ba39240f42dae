"""Command line: `python -m cleverstore migrate | serve | create-admin EMAIL | backup | restore ARCHIVE`."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cleverstore.config import PROJECT_ROOT, get_settings


def migrate() -> None:
    """Apply every alembic migration to the configured database."""
    from alembic.config import Config

    from alembic import command

    command.upgrade(Config(str(PROJECT_ROOT / "alembic.ini")), "head")
    from cleverstore.db import session_scope
    from cleverstore.services.billing.plans import ensure_seeded

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
    from stripe_emulator.__main__ import seeded

    port = int(env.get("STRIPE_EMULATOR_PORT", "12111"))
    emulator = seeded(webhook_url, port).start()
    env["STRIPE_API_BASE"] = emulator.url
    print(f"Stripe emulator (test mode) on {emulator.url}", flush=True)
    return emulator


def _read_new_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Password for the new administrator: ")
    if getpass.getpass("Repeat the password: ") != first:
        raise SystemExit("The passwords do not match.")
    return first


def create_admin(email: str, from_stdin: bool) -> int:
    """Create an administrator; prints the TOTP secret to add to an authenticator app (shown once)."""
    from cleverstore.db import session_scope
    from cleverstore.i18n import translate
    from cleverstore.services.admin.auth import create_admin as create
    from cleverstore.services.shared.errors import ValidationFailed
    from cleverstore.services.shared.qr import qr_terminal

    password = _read_new_password(from_stdin)
    try:
        with session_scope() as db:
            created = create(db, email, password)
            secret, uri, address = created.totp_secret, created.provisioning_uri, created.admin.email
    except ValidationFailed as failed:
        for field, key in failed.errors.items():
            print(f"{field}: {translate(key, 'en')}", file=sys.stderr)
        return 2
    print(f"Administrator {address} created.")
    print(f"TOTP secret (add it to an authenticator app now; it is not shown again): {secret}")
    print(f"otpauth URI: {uri}")
    print("Or scan this QR code with the authenticator app:")
    print(qr_terminal(uri))
    return 0


def backup(destination: str) -> int:
    from cleverstore.services.operations.backup import create_backup

    settings = get_settings()
    archive = create_backup(settings.database_url, settings.data_dir, Path(destination))
    print(f"Backup written: {archive}")
    return 0


def restore(archive: str) -> int:
    """Restore into the configured database and data directory, then check the result."""
    from cleverstore.services.operations.backup import BackupError, restore_backup

    settings = get_settings()
    try:
        report = restore_backup(Path(archive), settings.database_url, settings.data_dir)
    except BackupError as failed:
        print(f"Restore refused or failed its check: {failed}", file=sys.stderr)
        return 2
    rows = sum(report.tables.values())
    print(f"Restored and checked: revision {report.revision}, {len(report.tables)} tables, {rows} rows, "
          f"{report.files} files; {report.erased_again} account(s) erased after the backup erased again.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cleverstore")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("send-mail", help="deliver queued e-mail once (SMTP or the dev mailbox)")
    commands.add_parser("run-jobs", help="run due erasures, open heir claims, purge expired data, send mail")
    serve_parser = commands.add_parser("serve", help="migrate, build and run the app")
    serve_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    admin_parser = commands.add_parser("create-admin", help="create an administrator (asks for the password)")
    admin_parser.add_argument("email")
    admin_parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    reviewer_parser = commands.add_parser("heir-reviewer", help="let an administrator open heir-claim evidence")
    reviewer_parser.add_argument("email")
    reviewer_parser.add_argument("--off", action="store_true", help="take the permission away")
    backup_parser = commands.add_parser("backup", help="back up the database and the file store")
    backup_parser.add_argument("--dest", default=str(get_settings().data_dir.parent / "backups"))
    restore_parser = commands.add_parser("restore", help="restore a backup and check it")
    restore_parser.add_argument("archive")
    args = parser.parse_args(argv)
    if args.command == "backup":
        return backup(args.dest)
    if args.command == "restore":
        return restore(args.archive)
    if args.command == "create-admin":
        return create_admin(args.email, args.password_stdin)
    if args.command == "heir-reviewer":
        from cleverstore.services.admin import set_heir_reviewer

        done = set_heir_reviewer(args.email, not args.off)
        print("ok" if done else f"no administrator {args.email}")
        return 0 if done else 1
    if args.command == "migrate":
        migrate()
        return 0
    if args.command in ("send-mail", "run-jobs"):
        from cleverstore import background

        if args.command == "run-jobs":
            print(background.run_jobs_once())
        report = background.deliver_mail_once()
        print(f"mail sent: {report.sent}, failed: {report.failed}")
        return 0
    migrate()
    return serve(args.port)


if __name__ == "__main__":
    sys.exit(main())
