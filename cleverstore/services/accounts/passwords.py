"""Password hashing and the password policy.

bcrypt reads at most 72 bytes and bcrypt 5 refuses longer input. Rather than
truncate silently we pre-hash with HMAC-SHA256 (keyed by a pepper derived from the
app secret) and base64 the digest: 44 bytes, every character of the password counts.

A password is NFC-normalised before hashing and checking: the same characters typed on a
keyboard that sends decomposed forms (å as a + ring) still match. Hashes made before that
are checked once in the raw form too (`verify_and_upgrade` tells the caller to rehash).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache
from pathlib import Path

import bcrypt

from cleverstore.config import get_settings

MIN_LENGTH = 10
MAX_LENGTH = 1024
_COMMON_FILE = Path(__file__).parent / "data" / "common_passwords.txt"


def _rounds() -> int:
    # Tests may lower the cost to stay fast; production never sets it.
    return get_settings().bcrypt_rounds


def normalised(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def _prehash(password: str) -> bytes:
    pepper = hmac.new(get_settings().secret_key.encode(), b"password-pepper", hashlib.sha256).digest()
    digest = hmac.new(pepper, password.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_prehash(normalised(password)), bcrypt.gensalt(rounds=_rounds())).decode()


def _check(prehashed: bytes, stored_hash: str) -> bool:
    try:
        return bcrypt.checkpw(prehashed, stored_hash.encode())
    except ValueError:
        return False


def verify_and_upgrade(password: str, stored_hash: str) -> tuple[bool, str | None]:
    """Whether the password matches, and a new hash to store when it matched only in its raw
    (not normalised) form: a hash from before normalisation, upgraded at the first login."""
    if _check(_prehash(normalised(password)), stored_hash):
        return True, None
    if normalised(password) != password and _check(_prehash(password), stored_hash):
        return True, hash_password(password)
    return False, None


def verify_password(password: str, stored_hash: str) -> bool:
    return verify_and_upgrade(password, stored_hash)[0]


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("an unknown account never matches this")


def burn_equal_time(password: str) -> None:
    """Spend the same bcrypt time as a real check, for unknown e-mail addresses."""
    verify_password(password, _dummy_hash())


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """The i18n key of what is wrong with a new password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return "error.password_too_short"
    if len(password) > MAX_LENGTH:
        return "error.password_too_long"
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        return "error.password_common"
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered and len(lowered) - len(local_part) < 4:
        return "error.password_like_email"
    if name and lowered.replace(" ", "") == name.lower().replace(" ", ""):
        return "error.password_like_email"
    return None
