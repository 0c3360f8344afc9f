"""Who may review applications to join and shape the Ideal Partner Profile."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import (
    PartnerRole,
    StaffRole,
    configures_programs,
    has_partner_role,
    is_partner_admin_of,
    stewards_partner,
)


@rule("lifecycle.review")
def _review(actor: Actor, application: Any) -> bool:
    """Admins, partner operations and channel managers decide who joins."""
    return actor.is_staff and actor.has_role(
        StaffRole.ADMIN, StaffRole.PARTNER_OPS, StaffRole.CHANNEL_MANAGER
    )


@rule("lifecycle.configure")
def _configure(actor: Actor, obj: Any) -> bool:
    return configures_programs(actor)


@rule("lifecycle.evaluate_tiers")
def _evaluate_tiers(actor: Actor, obj: Any) -> bool:
    """Running an evaluation and changing how tiers are kept: who configures programs."""
    return configures_programs(actor)


@rule("lifecycle.override_tier")
def _override_tier(actor: Actor, partner: Any) -> bool:
    """Setting a tier by hand: the vendor staff who steward the partner."""
    return stewards_partner(actor, partner)


@rule("lifecycle.record_measures")
def _record_measures(actor: Actor, partner: Any) -> bool:
    return stewards_partner(actor, partner)


@rule("lifecycle.accept_agreement")
def _accept_agreement(actor: Actor, partner: Any) -> bool:
    """The partner's own admins sign for their company."""
    return is_partner_admin_of(actor, partner)


@rule("lifecycle.upload_documents")
def _upload_documents(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, PartnerRole.ADMIN, PartnerRole.FINANCE) or (
        stewards_partner(actor, partner)
    )


@rule("lifecycle.verify_onboarding")
def _verify_onboarding(actor: Actor, partner: Any) -> bool:
    return stewards_partner(actor, partner)


@rule("lifecycle.offboard")
def _offboard(actor: Actor, partner: Any) -> bool:
    """Taking a partner out of the program, or bringing it back: its stewards."""
    return stewards_partner(actor, partner)
