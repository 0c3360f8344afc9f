"""Tell people what happened: an in-app notification and an e-mail (through the outbox)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from .actor import Actor
from .mail import queue_email
from .models import Notification


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    language: str = "en"


def notify(
    recipients: Iterable[Recipient],
    *,
    verb: str,
    partner_id: int | None,
    url: str,
    render: Callable[[], tuple[str, str]],
    dedupe_key: str = "",
) -> int:
    """Write each recipient's notification and e-mail, in their own language.

    ``render`` returns (title, body) and is called once per recipient inside
    that recipient's language, so every message reads naturally.
    """
    sent = 0
    seen: set[int] = set()
    for person in recipients:
        if person.user_id in seen:
            continue
        seen.add(person.user_id)
        if (
            dedupe_key
            and Notification.objects.filter(user_id=person.user_id, dedupe_key=dedupe_key).exists()
        ):
            continue  # a retried job: this person was already told
        with translation.override(person.language or "en"):
            title, body = render()
        Notification.objects.create(
            user_id=person.user_id,
            partner_id=partner_id,
            verb=verb,
            title=title,
            body=body,
            url=url,
            dedupe_key=dedupe_key,
        )
        link = settings.TRELLIS_BASE_URL.rstrip("/") + url if url else ""
        queue_email(to=person.email, subject=title, body_text=f"{body}\n\n{link}".strip())
        sent += 1
    return sent


def notifications_mark_read(*, actor: Actor) -> int:
    """The person has seen their notifications: mark the unread ones read (how many).

    Bookkeeping for one person's inbox, not a business change: not audited.
    """
    if actor.user_id is None:
        return 0
    return Notification.objects.filter(user_id=actor.user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
