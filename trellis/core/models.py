"""Core records: the domain-event log (audit trail) and API idempotency keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedManager, ScopedQuerySet


class EventQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class DomainEvent(models.Model):
    """Something that happened: who did what to which object, with before/after.

    Written by services in the same transaction as the change it describes,
    so the log never claims a change that was rolled back, nor misses one.
    """

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_kind = models.CharField(max_length=16)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,  # the (partner, -occurred_at) index below serves lookups by partner
        help_text=_("The partner this event belongs to, for isolation and timelines."),
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = ScopedManager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        # Every index is written with each event (thousands a second in batch jobs): no more than
        # the
        # audit pages read. A plain index on verb: the filters match whole verbs, never patterns.
        indexes = [
            models.Index(fields=["partner", "-occurred_at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["verb"], name="core_event_verb"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.object_repr}"

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        keys = sorted(set(self.before) | set(self.after))
        return [
            (k, self.before.get(k), self.after.get(k))
            for k in keys
            if self.before.get(k) != self.after.get(k)
        ]


class IdempotencyRecord(models.Model):
    """The first response to a POST carrying an Idempotency-Key, replayed on repeats."""

    scope = models.CharField(max_length=64, help_text=_("Hash of the caller's credentials."))
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=512)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="idempotency_key_unique_per_caller"
            )
        ]

    def __str__(self) -> str:
        return str(f"{self.method} {self.path} ({self.key})")


class OutboundEmail(models.Model):
    """The e-mail outbox: a row written with the change that caused it, sent by a task.

    Delivery is idempotent: the task sends only while ``sent_at`` is empty, so a
    worker that dies before sending leaves the row for the retry.
    """

    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class NotificationQuerySet(ScopedQuerySet):
    """A person sees their own notifications (scoped by user in the selectors)."""

    partner_path = "partner_id"


class Notification(models.Model):
    """An in-app message to one person; the same news also goes out by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    verb = models.CharField(max_length=64)
    title = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(
        max_length=64, blank=True, help_text="Makes a retried notification job harmless."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(NotificationQuerySet)()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReferenceStamp(models.Model):
    """The version of one kind of rarely changing reference data, for caches in every process.

    A service that changes such data gives its stamp a new version in the same
    transaction (``core.stamps.bump``); a process keeps what it read under the
    versions it saw, so a change is seen everywhere on the next request.
    """

    name = models.CharField(primary_key=True, max_length=32)
    version = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class ExchangeRate(models.Model):
    """What one unit of a currency was worth in US dollars from a date on, as finance set it.

    Conversions use, for each currency, the latest rate effective on the day they convert;
    every decision that converted names the date of the rates it used.
    """

    currency = models.CharField(_("currency"), max_length=3)
    usd_per_unit = models.DecimalField(_("US dollars per unit"), max_digits=20, decimal_places=10)
    effective_on = models.DateField(_("effective from"))
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["currency", "-effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "effective_on"], name="core_rate_one_per_currency_and_day"
            ),
            models.CheckConstraint(
                condition=models.Q(usd_per_unit__gt=0), name="core_rate_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="core_rate_iso_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.usd_per_unit} from {self.effective_on}"


class BusinessCalendar(models.Model):
    """When a region works: SLA clocks for its partners count only these hours.

    ``region`` is a partner region's code, or ``default`` for partners with none.
    ``workdays`` holds weekday numbers, Monday 0 to Sunday 6.
    """

    region = models.CharField(_("region"), max_length=16, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    workdays = models.JSONField(_("working days"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="core_calendar_closes_after_opening",
                violation_error_message=_("Closing time must be after opening time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.time_zone} {self.opens_at}-{self.closes_at}"
