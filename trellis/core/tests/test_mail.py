"""The e-mail outbox delivers through a real SMTP server, and survives an outage."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from django.test import override_settings
from django.utils import timezone

from trellis.core.mail import queue_email
from trellis.core.models import OutboundEmail
from trellis.core.tasks import retry_unsent_email

pytestmark = pytest.mark.django_db


class Recorder(Sink):
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(envelope.content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    handler, port = Recorder(), _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def _smtp_settings(port: int) -> override_settings:
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
    )


def test_queued_email_is_delivered_over_smtp_once(smtp: tuple[Recorder, int]) -> None:
    handler, port = smtp
    with _smtp_settings(port):
        message = queue_email(to="pia@partner.test", subject="Welcome", body_text="Hello Pia")
        from trellis.core.tasks import deliver_email

        assert deliver_email(message.pk) == "already-sent"  # the retried job does nothing
    assert len(handler.messages) == 1 and b"Hello Pia" in handler.messages[0]
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1


def test_smtp_outage_keeps_the_message_until_a_later_retry_sends_it(
    smtp: tuple[Recorder, int],
) -> None:
    handler, port = smtp
    with _smtp_settings(_free_port()):  # nothing listens there
        message = queue_email(to="pia@partner.test", subject="Reset", body_text="Your link")
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    OutboundEmail.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    with _smtp_settings(port):
        assert retry_unsent_email() == 1
    message.refresh_from_db()
    assert message.sent_at is not None and len(handler.messages) == 1
