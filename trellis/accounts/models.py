"""Users, their roles, invitations and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from trellis.core.roles import PARTNER_ROLE_VALUES, STAFF_ROLE_VALUES, Role
from trellis.core.scoping import ScopedManager, ScopedQuerySet


class UserQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def normalize_email(self, email: str | None) -> str:  # type: ignore[override]
        return (email or "").strip().lower()

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who signs in: vendor staff (no partner) or a partner user (one partner)."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("partner"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[assignment]
    date_joined = models.DateTimeField(_("joined"), auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lowercase"),
        ]
        indexes = [models.Index(fields=["partner", "is_active"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id

    @property
    def is_vendor_staff(self) -> bool:
        return self.partner_id is None

    # Django's admin and some libraries look for these; Trellis has no superusers.
    is_staff = False
    is_superuser = False

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return False


class RoleGrantQuerySet(ScopedQuerySet):
    partner_path = "user__partner_id"


class RoleGrant(models.Model):
    """One role held by one user. Partner roles carry the partner, staff roles never do."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=32, choices=Role.choices)
    partner = models.ForeignKey("partners.Partner", null=True, blank=True, on_delete=models.CASCADE)

    objects = ScopedManager.from_queryset(RoleGrantQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique"),
            models.CheckConstraint(
                condition=(
                    Q(partner__isnull=True, role__in=sorted(STAFF_ROLE_VALUES))
                    | Q(partner__isnull=False, role__in=sorted(PARTNER_ROLE_VALUES))
                ),
                name="role_grant_kind_matches_user_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class InvitationQuerySet(ScopedQuerySet):
    partner_path = "partner_id"


class Invitation(models.Model):
    """An emailed, expiring, single-use link that lets a colleague join a partner (or, with no
    partner, the vendor's staff)."""

    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    roles = models.JSONField(default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(InvitationQuerySet)()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email_and_partner",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(
                    partner__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
                ),
                name="one_open_staff_invitation_per_email",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="invitation_email_lowercase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.partner_id}"

    @property
    def audit_partner_id(self) -> int | None:
        return self.partner_id


class ApiTokenQuerySet(ScopedQuerySet):
    partner_path = "user__partner_id"


class ApiToken(models.Model):
    """A bearer token for the API: shown once, stored as a SHA-256 hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text=_("First characters, to recognise it."))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def audit_partner_id(self) -> int | None:
        return self.user.partner_id
