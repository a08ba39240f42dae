"""Queued mail reaches a real SMTP server (aiosmtpd, started here); failures wait and retry."""
from __future__ import annotations

import dataclasses
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from cleverstore.config import get_settings
from cleverstore.models import OutgoingMail
from cleverstore.models.base import utcnow
from cleverstore.services.operations import mail_delivery
from cleverstore.services.shared.mail import queue_mail


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def _settings(port: int, **extra):
    return dataclasses.replace(get_settings(), smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                               mail_from="CleverStore <noreply@cleverstore.se>", **extra)


def test_queued_mail_is_delivered_over_smtp_once(db, smtp_server):
    controller, inbox = smtp_server
    queue_mail(db, to="anna@example.se", subject="Välkommen åäö", body="Hej Anna!\nLänk: http://x/y", kind="test")
    db.commit()
    report = mail_delivery.deliver_pending(db, _settings(controller.port))
    assert report == mail_delivery.DeliveryReport(sent=1, failed=0)
    assert len(inbox.messages) == 1
    sender, recipients, content = inbox.messages[0]
    assert sender == "noreply@cleverstore.se" and recipients == ["anna@example.se"]
    parsed = message_from_bytes(content, policy=policy.default)
    assert parsed["Subject"] == "Välkommen åäö"
    assert "Hej Anna!" in parsed.get_content()
    # nothing is sent twice
    assert mail_delivery.deliver_pending(db, _settings(controller.port)).sent == 0
    assert len(inbox.messages) == 1
    assert db.exec(select(OutgoingMail)).one().sent_at is not None


def test_a_failure_waits_then_succeeds(db, smtp_server):
    controller, inbox = smtp_server
    mail = queue_mail(db, to="bo@example.se", subject="Hej", body="Text", kind="test")
    db.commit()
    dead = _settings(_free_port())
    assert mail_delivery.deliver_pending(db, dead) == mail_delivery.DeliveryReport(sent=0, failed=1)
    db.refresh(mail)
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error
    assert mail.next_attempt_at > utcnow()
    # not due yet: even a live server gets nothing
    assert mail_delivery.deliver_pending(db, _settings(controller.port)).sent == 0
    mail.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.add(mail)
    db.commit()
    assert mail_delivery.deliver_pending(db, _settings(controller.port)).sent == 1
    db.refresh(mail)
    assert mail.sent_at is not None and mail.attempts == 2 and mail.last_error == ""
    assert [m[1] for m in inbox.messages] == [["bo@example.se"]]


def test_gives_up_after_the_last_attempt(db):
    mail = queue_mail(db, to="c@example.se", subject="S", body="B", kind="test")
    mail.attempts = mail_delivery.MAX_ATTEMPTS
    db.add(mail)
    db.commit()
    assert mail_delivery.deliver_pending(db, _settings(_free_port())) == mail_delivery.DeliveryReport()


def test_without_smtp_mail_lands_in_the_dev_mailbox(db):
    queue_mail(db, to="d@example.se", subject="Länk", body="http://127.0.0.1/x", kind="test")
    db.commit()
    settings = dataclasses.replace(get_settings(), smtp_host="", env="dev")
    assert mail_delivery.deliver_pending(db, settings).sent == 1
    assert [m.subject for m in mail_delivery.dev_mailbox(db)] == ["Länk"]


def test_production_without_smtp_sends_nothing_and_keeps_the_queue(db):
    queue_mail(db, to="e@example.se", subject="S", body="B", kind="test")
    db.commit()
    settings = dataclasses.replace(get_settings(), smtp_host="", env="prod")
    assert mail_delivery.deliver_pending(db, settings) == mail_delivery.DeliveryReport()
    assert db.exec(select(OutgoingMail)).one().sent_at is None
