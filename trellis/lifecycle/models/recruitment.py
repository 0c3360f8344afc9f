"""Recruitment: the Ideal Partner Profile, applications to join, and the learned fit model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet

from ..choices import ApplicationSource, ApplicationStatus


class IdealProfile(models.Model):
    """What the vendor looks for in a partner, with the weight of each factor (one row)."""

    partner_types = models.JSONField(_("partner types"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    industries = models.JSONField(_("industries served"), default=list, blank=True)
    specializations = models.JSONField(_("specializations"), default=list, blank=True)
    sizes = models.JSONField(_("company sizes"), default=list, blank=True)
    esg_wanted = models.JSONField(_("ESG facts wanted"), default=list, blank=True)
    esg_mandatory = models.JSONField(_("ESG facts required"), default=list, blank=True)
    weight_partner_types = models.PositiveSmallIntegerField(_("weight: partner type"), default=20)
    weight_regions = models.PositiveSmallIntegerField(_("weight: region"), default=15)
    weight_industries = models.PositiveSmallIntegerField(_("weight: industries"), default=20)
    weight_specializations = models.PositiveSmallIntegerField(
        _("weight: specializations"), default=20
    )
    weight_size = models.PositiveSmallIntegerField(_("weight: company size"), default=10)
    weight_esg = models.PositiveSmallIntegerField(_("weight: ESG record"), default=15)
    model_share = models.PositiveSmallIntegerField(
        _("share of the learned model (%)"),
        default=30,
        help_text=_(
            "How much of the score comes from what your partners' outcomes teach, once the "
            "model has proved itself on partners it did not learn from."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="ideal_profile_single"),
            models.CheckConstraint(
                condition=Q(model_share__lte=100),
                name="ideal_profile_model_share_range",
                violation_error_message=_("A share is between 0 and 100 percent."),
            ),
        ]

    def __str__(self) -> str:
        return "Ideal partner profile"


class FitModelRun(models.Model):
    """One training of the fit model on the vendor's partners, with its held-out quality."""

    trained_at = models.DateTimeField(auto_now_add=True)
    coefficients = models.JSONField(default=dict)
    intercept = models.FloatField(default=0.0)
    window_days = models.PositiveSmallIntegerField()
    trained_on = models.PositiveIntegerField()
    tested_on = models.PositiveIntegerField()
    base_rate = models.FloatField(help_text="Share of held-out partners that reached revenue.")
    # Ranking quality on the held-out (newest) partners: the chance a partner that reached
    # revenue is ranked above one that did not (0.5 is a coin).
    auc = models.FloatField(null=True)
    # Share reaching revenue among the held-out partners the model ranks in its top fifth.
    top_fifth_rate = models.FloatField(null=True)
    trusted = models.BooleanField(default=False)
    # Why it is trusted or not, as a code (trusted, too_few, one_class, weak): see explanation.
    reason = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return f"fit model {self.trained_at:%Y-%m-%d}"

    @property
    def explanation(self) -> str:
        """Why the scores do or do not use this run, in the reader's language."""
        words = {
            "trusted": _(
                "On %(n)s newer partners it did not learn from, it ranks one that reached "
                "revenue above one that did not %(auc)s of the time (a coin: 0.50); among the "
                "fifth it ranks highest, %(top)s%% reached revenue against %(base)s%% overall."
            ),
            "too_few": _(
                "Not used yet: only %(n)s partners are old enough to judge it on; it needs at "
                "least 30 held out. The profile alone scores applicants."
            ),
            "one_class": _(
                "Not used: among the partners it could learn from, all or none reached "
                "revenue, so there is nothing to tell apart. The profile alone scores applicants."
            ),
            "weak": _(
                "Not used: on %(n)s newer partners it did not learn from, it ranked one that "
                "reached revenue above one that did not only %(auc)s of the time (it needs "
                "0.60). The profile alone scores applicants."
            ),
        }
        return str(words.get(self.reason, words["weak"])) % {
            "n": self.tested_on,
            "auc": f"{self.auc:.2f}" if self.auc is not None else "–",
            "top": round(100 * (self.top_fifth_rate or 0)),
            "base": round(100 * self.base_rate),
        }


class ApplicationQuerySet(ScopedQuerySet):
    """Applications are the vendor's: a partner user sees none."""

    partner_path = None


class Application(models.Model):
    """A company asking to become a partner, with its fit score and what the reviewer decided."""

    company_name = models.CharField(_("company"), max_length=200)
    website = models.URLField(_("website"), max_length=300)
    domain = models.CharField(_("domain"), max_length=253)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    partner_types = models.JSONField(_("partner types"), default=list)
    specializations = models.JSONField(_("specializations"), default=list, blank=True)
    size = models.CharField(_("employees"), max_length=12, blank=True)
    industries = models.JSONField(_("industries served"), default=list, blank=True)
    customers_served = models.TextField(_("customers served"), blank=True)
    certifications_held = models.TextField(_("certifications held"), blank=True)
    esg = models.JSONField(_("ESG facts"), default=list, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    source = models.CharField(
        max_length=8, choices=ApplicationSource.choices, default=ApplicationSource.WEB
    )

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    fit_score = models.PositiveSmallIntegerField(_("fit score"))
    # Each factor's points as shown to the reviewer, and the model run that scored it.
    fit_factors = models.JSONField(default=list)
    fit_blocked_by = models.JSONField(default=list, blank=True)
    fit_model = models.ForeignKey(
        FitModelRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Existing partners this company may already be, as the account matcher judged them.
    duplicates = models.JSONField(default=list, blank=True)

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    partner = models.OneToOneField(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager.from_queryset(ApplicationQuerySet)()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(fit_score__lte=100), name="application_fit_score_range"
            ),
            models.CheckConstraint(
                condition=~Q(company_name="") & ~Q(domain=""), name="application_company_required"
            ),
            # Decided applications name who decided; an accepted one, the partner it made.
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "on_hold"]) | Q(decided_at__isnull=False),
                name="application_decision_dated",
            ),
            # One open application per company (by its web domain): a second waits on the first.
            models.UniqueConstraint(
                fields=["domain"],
                condition=Q(status__in=["submitted", "on_hold"]),
                name="application_open_once_per_domain",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-fit_score"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self) -> str:
        return self.company_name

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id
