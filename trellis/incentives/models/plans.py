"""A program's incentive plan (statement currency and period) and its rules, each kept in
versions so every earnings line names the exact terms it was paid under."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..choices import RuleKind


class IncentivePlan(models.Model):
    program = models.OneToOneField(
        "partners.Program", on_delete=models.CASCADE, related_name="incentive_plan"
    )
    currency = models.CharField(_("statement currency"), max_length=3, default="USD")

    def __str__(self) -> str:
        return f"plan of {self.program_id}"


class IncentiveRule(models.Model):
    plan = models.ForeignKey(IncentivePlan, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=RuleKind.choices)
    tier = models.ForeignKey(
        "partners.Tier", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "name"]

    def __str__(self) -> str:
        return self.name


class RuleVersion(models.Model):
    """The terms of a rule from a date; a change makes a new version, never an edit."""

    rule = models.ForeignKey(IncentiveRule, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    params = models.JSONField()
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rule", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="rule_version_once"),
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=F("starts")),
                name="rule_version_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} v{self.number}"
