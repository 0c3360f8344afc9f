"""Who may author the catalogue, enrol whom, and take a course."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import configures_programs, is_partner_admin_of, stewards_partner


@rule("learning.author")
def _author(actor: Actor, obj: Any) -> bool:
    return configures_programs(actor)


@rule("learning.enroll")
def _enroll(actor: Actor, learner: Any) -> bool:
    """``learner`` is the user to enrol: themselves, a team member for their partner admin,
    anyone at a partner the vendor staff member stewards."""
    partner = learner.partner
    if partner is None:
        return False
    if actor.is_partner:
        themselves = actor.user_id == learner.pk and actor.partner_id == partner.pk
        return themselves or is_partner_admin_of(actor, partner)
    return stewards_partner(actor, partner)


@rule("learning.take")
def _take(actor: Actor, enrollment: Any) -> bool:
    # Learning is personal: not even the partner admin answers a team member's quiz.
    return actor.is_partner and actor.user_id == enrollment.user_id


@rule("learning.see_team")
def _see_team(actor: Actor, partner: Any) -> bool:
    return is_partner_admin_of(actor, partner) or stewards_partner(actor, partner)


@rule("learning.steward")
def _steward(actor: Actor, partner: Any) -> bool:
    """Vendor staff looking after a partner: they allow another quiz attempt, revoke a
    certification given in error."""
    return stewards_partner(actor, partner)
