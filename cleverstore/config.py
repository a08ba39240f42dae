"""All settings come from the environment, read in one place.

The defaults make `make run` work on a laptop: SQLite in `.data/`, a secret key
generated once and kept in `.data/secret_key`. Production sets every value
explicitly (see README).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
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

    @property
    def is_production(self) -> bool:
        return self.env == "prod"

    @property
    def allowed_origins(self) -> list[str]:
        """Origins that may open the websocket: the public address (and its loopback twin)."""
        configured = [o.strip().rstrip("/") for o in os.environ.get("CLEVERSTORE_ALLOWED_ORIGINS", "").split(",")]
        origins = [o for o in configured if o] or [self.base_url]
        for origin in list(origins):
            for a, b in (("//localhost", "//127.0.0.1"), ("//127.0.0.1", "//localhost")):
                if a in origin and origin.replace(a, b) not in origins:
                    origins.append(origin.replace(a, b))
        return origins

    @property
    def smtp_configured(self) -> bool:
        """Without an SMTP host, mail goes to the local dev mailbox (never in production)."""
        return bool(self.smtp_host)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    data_dir = _data_dir()
    url = (
        os.environ.get("DATABASE_URL")
        or os.environ.get("REFLEX_DB_URL")
        or default_database_url(data_dir)
    )
    return Settings(
        env=os.environ.get("CLEVERSTORE_ENV", "dev"),
        data_dir=data_dir,
        database_url=url,
        secret_key=_secret_key(data_dir),
        base_url=os.environ.get("CLEVERSTORE_BASE_URL", "http://localhost:3000").rstrip("/"),
        session_idle_minutes=int(os.environ.get("CLEVERSTORE_SESSION_IDLE_MINUTES", "30")),
        session_absolute_hours=int(os.environ.get("CLEVERSTORE_SESSION_ABSOLUTE_HOURS", "12")),
        smtp_host=os.environ.get("SMTP_HOST", ""),
        smtp_port=int(os.environ.get("SMTP_PORT", "587")),
        smtp_user=os.environ.get("SMTP_USER", ""),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        smtp_starttls=os.environ.get("SMTP_STARTTLS", "true").lower() in ("1", "true", "yes"),
        mail_from=os.environ.get("MAIL_FROM", "CleverStore <noreply@cleverstore.se>"),
        orphan_file_grace_seconds=int(os.environ.get("CLEVERSTORE_ORPHAN_FILE_GRACE_SECONDS", "3600")),
    )


def reset_settings() -> None:
    """Forget cached settings (tests change the environment)."""
    get_settings.cache_clear()
