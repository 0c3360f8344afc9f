"""Partner isolation at the query level: every reachable model's manager has visible_to()."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models

from .actor import Actor


class ScopedQuerySet(models.QuerySet):
    """Base for every model a partner can reach.

    Subclasses name the path from the row to its owning partner id in
    ``partner_path`` (``"partner_id"``, ``"deal__partner_id"``...). Vendor
    staff and the system see everything; a partner user only their own rows;
    anyone else nothing. A model whose rows are not partner-owned (the
    product catalogue) sets ``partner_path = None`` and ``public_to_partners``.
    """

    partner_path: ClassVar[str | None] = "partner_id"
    public_to_partners: ClassVar[bool] = False

    def visible_to(self, actor: Actor) -> Self:
        if actor.is_staff or actor.is_system:
            return self.all()
        if actor.is_partner and actor.partner_id is not None:
            if self.public_to_partners:
                return self.all()
            return self.filter(self.partner_filter(actor))
        return self.none()

    def partner_filter(self, actor: Actor) -> models.Q:
        """The condition that makes a row visible to ``actor``'s partner."""
        if self.partner_path is None:
            return models.Q(pk__in=[])
        return models.Q(**{self.partner_path: actor.partner_id})


ScopedManager: Any = models.Manager.from_queryset(ScopedQuerySet)
