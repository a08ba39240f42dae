import pytest

from cleverstore.config import reset_settings
from cleverstore.services.accounts import passwords


def test_production_cost_is_twelve(monkeypatch):
    monkeypatch.delenv("CLEVERSTORE_BCRYPT_ROUNDS")
    reset_settings()
    try:
        assert passwords.hash_password("kaffe och kanelbullar").startswith("$2b$12$")
    finally:
        monkeypatch.undo()
        reset_settings()


def test_every_character_counts_beyond_72_bytes():
    base = "å" * 40  # 80 bytes in UTF-8
    stored = passwords.hash_password(base + "1")
    assert passwords.verify_password(base + "1", stored)
    assert not passwords.verify_password(base + "2", stored)
    assert not passwords.verify_password(base, stored)


def test_very_long_and_unicode_passwords_work():
    long_password = "🔑 lång fras " * 80
    stored = passwords.hash_password(long_password)
    assert passwords.verify_password(long_password, stored)


def test_verify_survives_a_broken_hash():
    assert not passwords.verify_password("whatever12345", "not-a-bcrypt-hash")


@pytest.mark.parametrize("password, problem", [
    ("kort", "error.password_too_short"),
    ("123456789", "error.password_too_short"),
    ("1234567890", "error.password_common"),
    ("Lösenord123", "error.password_common"),
    ("aaaaaaaaaaaa", "error.password_common"),
    ("x" * 1025, "error.password_too_long"),
    ("anna.andersson1", "error.password_like_email"),
    ("kaffe och kanelbullar", None),
    ("ÅÄÖ-fjällräv-42", None),
])
def test_password_policy(password, problem):
    assert passwords.password_problem(password, email="anna.andersson@example.se", name="Anna") == problem


def test_common_list_is_loaded():
    assert "qwertyuiop" in passwords.common_passwords()
    assert len(passwords.common_passwords()) > 200
