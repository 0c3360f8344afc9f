"""Files a course carries: SCORM packages (unpacked once, served to the player from an
unguessable address) and documents learners download."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trellis.core.scoping import ScopedManager, ScopedQuerySet


class ContentQuerySet(ScopedQuerySet):
    """Course content is the vendor's: every signed-in partner may read what is published."""

    partner_path = None
    public_to_partners = True


class ScormPackage(models.Model):
    # The unpacked files live under scorm/<token>/ in the default storage; the token is the
    # only way to reach them (the player's frame runs without the learner's session).
    token = models.CharField(max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=160)
    launch = models.CharField(_("file launched"), max_length=500)
    version = models.CharField(max_length=20, default="1.2")
    files = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager.from_queryset(ContentQuerySet)()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(launch=""), name="scorm_package_launches")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def folder(self) -> str:
        return f"scorm/{self.token}"
