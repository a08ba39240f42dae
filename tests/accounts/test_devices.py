"""Devices at login: recognised by cookie, a notice for a new one, sessions listed and ended, misuse signals."""
from __future__ import annotations

import pytest
from sqlmodel import select

from cleverstore.models import AuthSession, Device, OutgoingMail
from cleverstore.services.accounts import devices, sessions, throttle
from cleverstore.services.shared.errors import NotFound
from tests.helpers.factories import make_account

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def _notices(db) -> list[OutgoingMail]:
    return list(db.exec(select(OutgoingMail).where(OutgoingMail.kind == "new_device")).all())


def _login(db, account, cookie: str, agent: str, prefix: str = "192.0.2.0/24") -> tuple[devices.DeviceLogin, str]:
    device = devices.remember_login(db, account.id, cookie, agent, prefix)
    return device, sessions.start_session(db, account.id, ip_prefix=prefix, device_id=device.device_id)


def test_first_device_is_quiet_a_new_one_sends_a_notice_a_known_one_does_not(db):
    account = make_account(db)
    first, _ = _login(db, account, "", FIREFOX)
    assert first.is_new and _notices(db) == []
    again, _ = _login(db, account, first.cookie_token, FIREFOX)
    assert not again.is_new and again.device_id == first.device_id
    other, _ = _login(db, account, "", CHROME, "198.51.100.0/24")
    assert other.is_new
    [notice] = _notices(db)
    assert notice.to_address == account.email
    assert "Chrome / Windows" in notice.body and "198.51.100.0/24" in notice.body and "/security" in notice.body


def test_no_raw_fingerprint_is_stored(db):
    account = make_account(db)
    device, _ = _login(db, account, "", FIREFOX)
    row = db.get(Device, device.device_id)
    assert row.label == "Firefox / Linux"
    assert FIREFOX not in (row.agent_hash, row.label, row.cookie_hash)
    assert row.cookie_hash != device.cookie_token


def test_sessions_are_listed_and_one_can_be_ended_but_not_someone_elses(db):
    anna, bo = make_account(db), make_account(db)
    _, anna_here = _login(db, anna, "", FIREFOX)
    _, anna_there = _login(db, anna, "", CHROME)
    _, bo_token = _login(db, bo, "", FIREFOX)
    here_id = sessions.resolve(db, anna_here)[1].id
    there_id = sessions.resolve(db, anna_there)[1].id
    bo_id = sessions.resolve(db, bo_token)[1].id
    listed = devices.live_sessions(db, anna.id, here_id)
    assert {s.session_id for s in listed} == {here_id, there_id}
    assert [s.current for s in listed if s.session_id == here_id] == [True]
    with pytest.raises(NotFound):
        devices.sign_out_session(db, anna.id, bo_id)
    assert sessions.resolve(db, bo_token) is not None
    devices.sign_out_session(db, anna.id, there_id)
    assert sessions.resolve(db, anna_there) is None
    assert sessions.resolve(db, anna_here) is not None
    with pytest.raises(NotFound):
        devices.sign_out_session(db, anna.id, there_id)


def test_forgetting_a_device_ends_its_sessions_and_its_next_login_is_new(db):
    anna, bo = make_account(db), make_account(db)
    device, token = _login(db, anna, "", FIREFOX)
    with pytest.raises(NotFound):
        devices.forget_device(db, bo.id, device.device_id)
    devices.forget_device(db, anna.id, device.device_id)
    assert sessions.resolve(db, token) is None
    again, _ = _login(db, anna, device.cookie_token, FIREFOX)
    assert again.is_new


def test_misuse_signals_show_one_browser_or_network_behind_many_accounts(db):
    shared_cookie = ""
    for _ in range(3):
        device, _ = _login(db, make_account(db), shared_cookie, FIREFOX, "203.0.113.0/24")
        shared_cookie = device.cookie_token
    for _ in range(4):
        throttle.record_failure(db, "someone@example.se", "203.0.113.0/24")
    kinds = {(s.kind, s.count) for s in devices.misuse_signals(db, threshold=3)}
    assert ("device_accounts", 3) in kinds
    assert ("prefix_accounts", 3) in kinds
    assert ("prefix_failures", 4) in kinds
    assert all(shared_cookie not in s.key for s in devices.misuse_signals(db, threshold=3))
    assert db.exec(select(AuthSession)).all()
