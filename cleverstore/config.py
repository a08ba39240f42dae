"""All settings come from the environment, read in one place.

The defaults make `make run` work on a laptop: SQLite in `.data/`, a secret key
generated once and kept in `.data/secret_key`. Production sets every value
explicitly (see README).
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _data_dir() -> Path:
    path = Path(os.environ.get("CLEVERSTORE_DATA_DIR", PROJECT_ROOT / ".data")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(data_dir: Path) -> str:
    """The key for HMACs (password pepper, hashed tokens). Stable across restarts."""
    from_env = os.environ.get("CLEVERSTORE_SECRET_KEY")
    if from_env:
        return from_env
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# The operator's own organisation number (Sverige Levererar AB, see the terms): never a customer's company register.
OPERATOR_ORG_NUMBER = "559030-3979"

# Without STRIPE_SECRET_KEY the app talks to the local Stripe emulator with these test credentials
# (the emulator, a development tool in `stripe_emulator/`, accepts exactly these).
EMULATOR_SECRET_KEY = "sk_test_cleverstore_emulator"
EMULATOR_WEBHOOK_SECRET = "whsec_cleverstore_emulator"
DEFAULT_EMULATOR_BASE = "http://127.0.0.1:12111"
# stripe-python prints a notice about its API version on stderr unless told not to.
os.environ.setdefault("STRIPE_SUPPRESS_NOTICES", "true")


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'cleverstore.db'}"


@dataclass(frozen=True)
class Settings:
    env: str
    data_dir: Path
    database_url: str
    secret_key: str
    base_url: str
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    login_ticket_seconds: int = 60
    terms_file: Path = PROJECT_ROOT / "cleverstore" / "content" / "villkor.sv.md"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    mail_from: str = "CleverStore <noreply@cleverstore.se>"
    # stored bytes without a database row (a crash between writing and committing) are removed this late
    orphan_file_grace_seconds: int = 3600
    allowed_origins: tuple[str, ...] = ()
    # bcrypt cost; tests lower it to stay fast, production keeps 12
    bcrypt_rounds: int = 12
    # days a past_due subscription keeps the register open
    billing_grace_days: int = 0
    # days between telling the owner of an heir claim and the earliest access (death claims too)
    heir_waiting_days: int = 14
    # days after an heir claim's decision before its evidence (ID, certificates) is deleted
    heir_evidence_days: int = 90
    # hours between the customer's confirming a second-factor removal and the removal (they may stop it)
    second_factor_removal_wait_hours: int = 48
    # Stripe: a real key, or the local emulator at stripe_api_base with its test credentials
    stripe_secret_key: str = EMULATOR_SECRET_KEY
    stripe_webhook_secret: str = EMULATOR_WEBHOOK_SECRET
    stripe_api_base: str | None = DEFAULT_EMULATOR_BASE
    # Redis for Reflex state (several workers); empty: state in memory, one worker
    redis_url: str = ""
    # the app's own mail delivery and scheduled jobs (off when a cron/systemd timer runs them)
    background_jobs: bool = True
    log_format: str = "text"
    log_level: str = "INFO"
    # the benchmarks' bare counter page (/bench-counter); off in every normal run
    bench_counter_page: bool = False
    # hashes of erased accounts, applied again after every restore; kept out of the backups
    erasure_tombstones_file: Path = Path()
    # reverse proxies (addresses or networks) whose X-Forwarded-For is believed; none by default
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # where file bytes live: "" (the data dir's files/) or s3://bucket/prefix, shared by every app machine
    storage_url: str = ""
    # an S3-compatible server other than AWS (MinIO, Ceph…); empty: AWS in s3_region
    s3_endpoint_url: str = ""
    s3_region: str = ""
    # empty: boto3's own chain (an instance role); the secret never shows in a repr
    s3_access_key_id: str = ""
    s3_secret_access_key: str = field(default="", repr=False)
    # ask for SSE-S3 on every object; off only for a server that refuses the header
    s3_server_side_encryption: bool = True

    @property
    def is_production(self) -> bool:
        return self.env == "prod"

    @property
    def tab_state_seconds(self) -> int:
        """How long a tab's state is kept after its last event: no longer than an idle session lives
        (a visitor's included; Reflex's default was an hour). A tab used after that starts afresh."""
        return max(60, self.session_idle_minutes * 60)

    @property
    def uses_stripe_emulator(self) -> bool:
        return self.stripe_api_base is not None

    @property
    def smtp_configured(self) -> bool:
        """Without an SMTP host, mail goes to the local dev mailbox (never in production)."""
        return bool(self.smtp_host)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _allowed_origins(base_url: str) -> tuple[str, ...]:
    """Origins that may open the websocket: the public address (and its loopback twin)."""
    configured = [o.strip().rstrip("/") for o in os.environ.get("CLEVERSTORE_ALLOWED_ORIGINS", "").split(",")]
    origins = [o for o in configured if o] or [base_url]
    for origin in list(origins):
        for a, b in (("//localhost", "//127.0.0.1"), ("//127.0.0.1", "//localhost")):
            if a in origin and origin.replace(a, b) not in origins:
                origins.append(origin.replace(a, b))
    return tuple(origins)


def _trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """CLEVERSTORE_TRUSTED_PROXIES: comma-separated addresses or CIDRs of the proxies in front of the app."""
    networks = []
    for part in os.environ.get("CLEVERSTORE_TRUSTED_PROXIES", "").split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise SystemExit(f"CLEVERSTORE_TRUSTED_PROXIES: {part.strip()!r} is not an address or network") \
                    from None
    return tuple(networks)


def _storage_url() -> str:
    """CLEVERSTORE_STORAGE_URL: unset, empty or `file:` keeps files on local disk; `s3://bucket/prefix`."""
    url = os.environ.get("CLEVERSTORE_STORAGE_URL", "").strip()
    if url in ("", "file:") or url.startswith("file:"):
        return ""
    if not url.startswith("s3://") or len(url) <= len("s3://"):
        raise SystemExit("CLEVERSTORE_STORAGE_URL: use s3://bucket/prefix, or leave it unset for local disk")
    return url.rstrip("/")


def _int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number from the environment; a value that is not one falls back to the default."""
    try:
        value = int(os.environ.get(name, str(default)))
    except ValueError:
        return default
    return max(minimum, value) if minimum is not None else value


def _stripe() -> tuple[str, str, str | None]:
    key = os.environ.get("STRIPE_SECRET_KEY", "").strip()
    if key:
        return key, os.environ.get("STRIPE_WEBHOOK_SECRET", "").strip(), None
    base = os.environ.get("STRIPE_API_BASE", DEFAULT_EMULATOR_BASE).rstrip("/")
    return EMULATOR_SECRET_KEY, EMULATOR_WEBHOOK_SECRET, base


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    data_dir = _data_dir()
    url = (
        os.environ.get("DATABASE_URL")
        or os.environ.get("REFLEX_DB_URL")
        or default_database_url(data_dir)
    )
    base_url = os.environ.get("CLEVERSTORE_BASE_URL", "http://localhost:3000").rstrip("/")
    stripe_key, webhook_secret, stripe_base = _stripe()
    return Settings(
        env=os.environ.get("CLEVERSTORE_ENV", "dev"),
        data_dir=data_dir,
        database_url=url,
        secret_key=_secret_key(data_dir),
        base_url=base_url,
        session_idle_minutes=int(os.environ.get("CLEVERSTORE_SESSION_IDLE_MINUTES", "30")),
        session_absolute_hours=int(os.environ.get("CLEVERSTORE_SESSION_ABSOLUTE_HOURS", "12")),
        smtp_host=os.environ.get("SMTP_HOST", ""),
        smtp_port=int(os.environ.get("SMTP_PORT", "587")),
        smtp_user=os.environ.get("SMTP_USER", ""),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        smtp_starttls=os.environ.get("SMTP_STARTTLS", "true").lower() in ("1", "true", "yes"),
        mail_from=os.environ.get("MAIL_FROM", "CleverStore <noreply@cleverstore.se>"),
        orphan_file_grace_seconds=int(os.environ.get("CLEVERSTORE_ORPHAN_FILE_GRACE_SECONDS", "3600")),
        allowed_origins=_allowed_origins(base_url),
        bcrypt_rounds=_int("CLEVERSTORE_BCRYPT_ROUNDS", 12),
        billing_grace_days=_int("CLEVERSTORE_BILLING_GRACE_DAYS", 0, minimum=0),
        heir_waiting_days=_int("CLEVERSTORE_HEIR_WAITING_DAYS", 14, minimum=14),
        heir_evidence_days=_int("CLEVERSTORE_HEIR_EVIDENCE_DAYS", 90, minimum=1),
        second_factor_removal_wait_hours=_int("CLEVERSTORE_SECOND_FACTOR_REMOVAL_WAIT_HOURS", 48, minimum=24),
        stripe_secret_key=stripe_key,
        stripe_webhook_secret=webhook_secret,
        stripe_api_base=stripe_base,
        redis_url=os.environ.get("REDIS_URL", ""),
        background_jobs=os.environ.get("CLEVERSTORE_BACKGROUND_JOBS", "1") != "0",
        log_format=os.environ.get("CLEVERSTORE_LOG_FORMAT", "text"),
        log_level=os.environ.get("CLEVERSTORE_LOG_LEVEL", "INFO"),
        bench_counter_page=os.environ.get("CLEVERSTORE_BENCH_COUNTER") == "1",
        erasure_tombstones_file=Path(os.environ.get("CLEVERSTORE_ERASURE_TOMBSTONES",
                                                    data_dir / "erasure-tombstones.txt")),
        trusted_proxies=_trusted_proxies(),
        storage_url=_storage_url(),
        s3_endpoint_url=os.environ.get("CLEVERSTORE_S3_ENDPOINT_URL", "").strip().rstrip("/"),
        s3_region=os.environ.get("AWS_REGION", "").strip() or os.environ.get("AWS_DEFAULT_REGION", "").strip(),
        s3_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "").strip(),
        s3_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "").strip(),
        s3_server_side_encryption=os.environ.get("CLEVERSTORE_S3_SERVER_SIDE_ENCRYPTION", "1").lower()
        not in ("0", "false", "no", "off"),
    )


def reset_settings() -> None:
    """Forget cached settings (tests change the environment)."""
    get_settings.cache_clear()
