"""Background jobs owned by core: e-mail delivery and housekeeping. Each is idempotent."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from .models import IdempotencyRecord, OutboundEmail

logger = logging.getLogger(__name__)


def deliver_email(message_id: int) -> str:
    """Send one queued message unless it was already sent (a retried job is harmless).

    An SMTP failure is recorded on the message rather than raised: the
    ``retry_unsent_email`` schedule sends it again later, so an outage of the
    mail server never loses a message nor fails the change that queued it.
    """
    with transaction.atomic():
        message = OutboundEmail.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return "missing"
        if message.sent_at is not None:
            return "already-sent"
        message.attempts += 1
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
        )
        if message.body_html:
            mail.attach_alternative(message.body_html, "text/html")
        try:
            mail.send()
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("E-mail %s to %s not sent: %s", message.pk, message.to, exc)
            message.last_error = str(exc)[:2000]
            message.save(update_fields=["attempts", "last_error"])
            return "failed"
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
    return "sent"


def purge_idempotency_records(max_age_hours: int = 24) -> int:
    """Forget idempotency keys after a day, as clients are told in the API docs."""
    cutoff = timezone.now() - dt.timedelta(hours=max_age_hours)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def retry_unsent_email(max_attempts: int = 5) -> int:
    """Re-queue messages whose delivery failed (an SMTP outage) until they go out."""
    stale = timezone.now() - dt.timedelta(minutes=5)
    ids = list(
        OutboundEmail.objects.filter(
            sent_at__isnull=True, attempts__lt=max_attempts, created_at__lt=stale
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        async_task("trellis.core.tasks.deliver_email", pk)
    return len(ids)
