"""Queue e-mail through the outbox; a task delivers it over SMTP."""

from __future__ import annotations

from django.db import transaction
from django_q.tasks import async_task

from .models import OutboundEmail


def queue_email(*, to: str, subject: str, body_text: str, body_html: str = "") -> OutboundEmail:
    """Write the message and its delivery job in one transaction (outbox)."""
    with transaction.atomic():
        message = OutboundEmail.objects.create(
            to=to, subject=subject[:250], body_text=body_text, body_html=body_html
        )
        async_task("trellis.core.tasks.deliver_email", message.pk, task_name=f"email-{message.pk}")
    return message
