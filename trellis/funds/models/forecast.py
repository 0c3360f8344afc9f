"""The pipeline forecast's training runs: what the model learned and how well it did on the
activities it did not learn from, kept for every run."""

from __future__ import annotations

from django.db import models


class ForecastRun(models.Model):
    trained_at = models.DateTimeField(auto_now_add=True)
    n_train = models.PositiveIntegerField()
    n_test = models.PositiveIntegerField()
    median_error_pct = models.FloatField(null=True, blank=True)
    baseline_error_pct = models.FloatField(null=True, blank=True)
    coverage_pct = models.FloatField(null=True, blank=True)
    reason = models.CharField(max_length=12)  # trained, too_few, no_better
    model = models.JSONField(null=True, blank=True)  # coefficients, intercept, interval

    class Meta:
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return f"forecast {self.trained_at:%Y-%m-%d}: {self.reason}"

    @property
    def trusted(self) -> bool:
        return self.model is not None
