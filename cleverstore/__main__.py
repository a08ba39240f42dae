"""Command line: `python -m cleverstore migrate | serve | create-admin EMAIL | backup | restore ARCHIVE |
import-csv --account EMAIL FILE | export-csv --account EMAIL`."""
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


def _operator() -> str:
    """The operator running the command, for the audit log and the objects' history: the OS user name."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _refusal(failed, lang: str = "en") -> str:
    from cleverstore.i18n import translate

    return "; ".join(translate(key, lang) for key in failed.errors.values())


def import_csv(email: str, path: str, format_key: str, dry_run: bool, all_or_nothing: bool) -> int:
    """Check or import a file into a customer's register; the last line says what happened.
    Exit 0 when done (refused rows are listed and skipped), 1 when all-or-nothing refused the file,
    2 when the account is unknown or the file cannot be read or used."""
    from cleverstore.i18n import translate
    from cleverstore.services.imports import operators
    from cleverstore.services.imports.archive import MAX_ARCHIVE_BYTES
    from cleverstore.services.imports.reader import MAX_IMPORT_BYTES
    from cleverstore.services.shared.errors import ValidationFailed

    limit = MAX_ARCHIVE_BYTES if path.lower().endswith(".zip") else MAX_IMPORT_BYTES  # a Homebox collection
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as failed:
        print(f"cannot read {path}: {failed.strerror or failed}", file=sys.stderr)
        return 2
    try:
        result = operators.import_file(email, data, Path(path).name, operator=_operator(), format_key=format_key,
                                       dry_run=dry_run, all_or_nothing=all_or_nothing)
    except operators.UnknownAccount:
        print(f"no customer with the address {email}", file=sys.stderr)
        return 2
    except ValidationFailed as failed:
        print(f"{path}: {_refusal(failed)}", file=sys.stderr)
        return 2
    print(f"format: {result.format}, rows: {result.rows}")
    if result.ignored_columns:
        print("columns not imported: " + ", ".join(result.ignored_columns))
    for line, key in result.warnings:
        print(f"line {line}: {translate(key, 'en')}")
    for row in result.refused:
        reasons = "; ".join(f"{column}: {translate(key, 'en')}" for column, key in row.reasons)
        print(f"line {row.line} refused ({row.name or '-'}): {reasons}")
    if dry_run:
        print(f"would import {result.will_add}, update {result.will_update}, refuse {len(result.refused)}"
              + (f"; places {result.places}" if result.places else ""))
        return 0
    if result.nothing_saved:
        print(f"imported 0, updated 0, refused {len(result.refused)} (all or nothing: nothing saved)")
        return 1
    print(f"imported {result.added}, updated {result.updated}, refused {len(result.refused)}")
    return 0


def export_csv(email: str, output: str | None, separator: str, lang: str | None) -> int:
    """Write a customer's register as our CSV to a file (or standard output)."""
    from cleverstore.services.imports import operators
    from cleverstore.services.shared.errors import ValidationFailed

    try:
        if output:
            with open(output, "wb") as target:
                count = operators.export_file(email, target, operator=_operator(), separator=separator, lang=lang)
        else:
            count = operators.export_file(email, sys.stdout.buffer, operator=_operator(), separator=separator,
                                          lang=lang)
            sys.stdout.buffer.flush()
    except operators.UnknownAccount:
        print(f"no customer with the address {email}", file=sys.stderr)
        return 2
    except ValidationFailed as failed:
        print(_refusal(failed), file=sys.stderr)
        return 2
    except OSError as failed:
        print(f"cannot write {output}: {failed.strerror or failed}", file=sys.stderr)
        return 2
    # without --output the file itself is standard output: the count goes to standard error
    print(f"exported {count} objects" + (f" to {output}" if output else ""), file=sys.stdout if output else sys.stderr)
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
    import_parser = commands.add_parser("import-csv", help="import a file into a customer's register")
    import_parser.add_argument("--account", required=True, metavar="EMAIL", help="the customer's e-mail address")
    import_parser.add_argument("--format", default="auto", choices=("auto", "homebox", "shelf", "cleverstore"))
    import_parser.add_argument("--dry-run", action="store_true", help="check every row and save nothing")
    import_parser.add_argument("--all-or-nothing", action="store_true", help="save nothing when any row is refused")
    import_parser.add_argument("file")
    export_parser = commands.add_parser("export-csv", help="write a customer's register as CSV")
    export_parser.add_argument("--account", required=True, metavar="EMAIL", help="the customer's e-mail address")
    export_parser.add_argument("--output", metavar="FILE", help="the file to write (standard output without it)")
    export_parser.add_argument("--separator", default=",", choices=(",", ";"))
    export_parser.add_argument("--lang", choices=("sv", "en"), help="the customer's own language without it")
    args = parser.parse_args(argv)
    if args.command == "import-csv":
        return import_csv(args.account, args.file, args.format, args.dry_run, args.all_or_nothing)
    if args.command == "export-csv":
        return export_csv(args.account, args.output, args.separator, args.lang)
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
            counts = background.run_jobs_once()
            print(counts if counts is not None else "scheduled jobs: this period's run was already taken")
        report = background.deliver_mail_once()
        print(f"mail sent: {report.sent}, failed: {report.failed}")
        return 0
    migrate()
    return serve(args.port)


if __name__ == "__main__":
    sys.exit(main())
