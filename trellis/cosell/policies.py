"""Who may upload a partner's account list and set what is shared."""

from __future__ import annotations

from typing import Any

from trellis.accounts.selectors import has_partner_role, staff_stewards_partner
from trellis.core.actor import Actor
from trellis.core.policies import rule


@rule("cosell.upload_accounts")
def _upload(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, "partner_admin", "partner_sales")


@rule("cosell.consent")
def _consent(actor: Actor, partner: Any) -> bool:
    return has_partner_role(actor, partner, "partner_admin")


@rule("cosell.set_sharing")
def _set_sharing(actor: Actor, partner: Any) -> bool:
    return staff_stewards_partner(actor, partner)
