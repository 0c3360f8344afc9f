"""Who may upload a partner's account list and set what is shared."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import has_partner_role, stewards_partner


@rule("cosell.upload_accounts")
def _upload(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, "partner_admin", "partner_sales")


@rule("cosell.consent")
def _consent(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, "partner_admin")


@rule("cosell.set_sharing")
def _set_sharing(actor: Actor, partner: Any) -> bool:
    return stewards_partner(actor, partner)


SELLERS = ("partner_admin", "partner_sales")
# Vendor staff who sell alongside partners (besides an opportunity's owner and a partner's steward).
CO_SELLING_STAFF = ("admin", "channel_manager", "alliance_manager")


def _vendor_seller(actor: Actor, cosell: Any) -> bool:
    if not actor.is_staff:
        return False
    return (
        actor.has_role(*CO_SELLING_STAFF)
        or (cosell.vendor_lead_id is not None and cosell.vendor_lead_id == actor.user_id)
        or stewards_partner(actor, cosell.partner)
    )


def side_of(actor: Actor, cosell: Any) -> str | None:
    """Which side of ``cosell`` the actor sells on, if any."""
    if has_partner_role(actor, cosell.partner, *SELLERS):
        return "partner"
    if _vendor_seller(actor, cosell):
        return "vendor"
    return None


@rule("cosell.invite_partner")
def _invite_partner(actor: Actor, opportunity: Any) -> bool:
    return actor.is_staff and (
        actor.has_role(*CO_SELLING_STAFF)
        or (opportunity.owner_id is not None and opportunity.owner_id == actor.user_id)
    )


@rule("cosell.invite_vendor")
def _invite_vendor(actor: Actor, deal: Any) -> bool:
    return has_partner_role(actor, deal.partner, *SELLERS)


@rule("cosell.answer")
def _answer(actor: Actor, cosell: Any) -> bool:
    """The invited side accepts or declines."""
    side = side_of(actor, cosell)
    return side is not None and side != cosell.origin


@rule("cosell.own")
def _own(actor: Actor, cosell: Any) -> bool:
    """The side whose opportunity it is: it decides what is shared, withdraws its invitation, closes
    it."""
    return side_of(actor, cosell) == cosell.origin


@rule("cosell.take_part")
def _take_part(actor: Actor, cosell: Any) -> bool:
    """Either side's sellers: write in the thread, add and tick off next steps, leave."""
    return side_of(actor, cosell) is not None


@rule("cosell.request_introduction")
def _request_introduction(actor: Actor, requester: Any) -> bool:
    return has_partner_role(actor, requester, *SELLERS)


@rule("cosell.broker_introduction")
def _broker_introduction(actor: Actor, introduction: Any) -> bool:
    """The requester's steward, or an alliance manager, decides whether to pass a request on."""
    return stewards_partner(actor, introduction.requester) or (
        actor.is_staff and actor.has_role("alliance_manager")
    )


@rule("cosell.answer_introduction")
def _answer_introduction(actor: Actor, introduction: Any) -> bool:
    return has_partner_role(actor, introduction.target, *SELLERS)


@rule("cosell.withdraw_introduction")
def _withdraw_introduction(actor: Actor, introduction: Any) -> bool:
    return has_partner_role(actor, introduction.requester, *SELLERS)


@rule("cosell.rate_introduction")
def _rate_introduction(actor: Actor, introduction: Any) -> bool:
    return has_partner_role(actor, introduction.requester, *SELLERS) or has_partner_role(
        actor, introduction.target, *SELLERS
    )


BUNDLE_STAFF = ("admin", "channel_manager", "alliance_manager", "marketing")


@rule("cosell.compose_bundle")
def _compose_bundle(actor: Actor, _nothing: Any) -> bool:
    return (actor.is_partner and actor.has_role(*SELLERS)) or (
        actor.is_staff and actor.has_role(*BUNDLE_STAFF)
    )


@rule("cosell.edit_bundle")
def _edit_bundle(actor: Actor, bundle: Any) -> bool:
    """The vendor's bundle people, or the partner that composed it."""
    if actor.is_staff:
        return actor.has_role(*BUNDLE_STAFF)
    return bundle.lead_partner is not None and has_partner_role(
        actor, bundle.lead_partner, *SELLERS
    )


@rule("cosell.consent_bundle")
def _consent_bundle(actor: Actor, member: Any) -> bool:
    """Being offered in a joint solution is a company decision: the partner's admins answer."""
    return has_partner_role(actor, member.partner, "partner_admin")


@rule("cosell.publish_bundle")
def _publish_bundle(actor: Actor, bundle: Any) -> bool:
    return actor.is_staff and actor.has_role("admin", "channel_manager", "alliance_manager")
