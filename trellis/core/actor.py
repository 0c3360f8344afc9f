"""Who is acting: vendor staff, a partner user, an API token or the system."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ActorKind(StrEnum):
    STAFF = "staff"
    PARTNER = "partner"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Actor:
    """The identity every selector and service is given.

    Built once per request (or per token, task, command) by the accounts app;
    everything else only reads it. ``partner_id`` is set for partner users and
    is the single key of partner isolation.
    """

    kind: ActorKind
    user_id: int | None = None
    label: str = ""
    partner_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    token_id: int | None = None
    # A partner whose partnership is suspended may look but not change anything.
    read_only: bool = False

    @property
    def is_staff(self) -> bool:
        return self.kind == ActorKind.STAFF

    @property
    def is_partner(self) -> bool:
        return self.kind == ActorKind.PARTNER

    @property
    def is_system(self) -> bool:
        return self.kind == ActorKind.SYSTEM

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


SYSTEM = Actor(kind=ActorKind.SYSTEM, label="system")
ANONYMOUS = Actor(kind=ActorKind.ANONYMOUS, label="anonymous")
