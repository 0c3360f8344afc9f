"""For one partner, the shared accounts where selling together looks most promising, and why.

The ranking uses only what the viewer may see: with full detail both sides'
statuses; with names only the viewer's own status (the other side's status
must not leak through the order); with counts only, nothing by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, FloatField, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trellis.core.actor import Actor
from trellis.deals.selectors import active_registrations_at, open_opportunities_at

from ..choices import LIVE_STATUSES, SharingLevel
from ..models import AccountOverlap, CoSell
from .mapping import sharing_levels

# (the vendor's status, the partner's status) -> weight, why (vendor's words, partner's words)
BOTH: dict[tuple[str, str], tuple[float, Any, Any]] = {
    ("opportunity", "customer"): (
        1.0,
        gettext_lazy(
            "We are selling there now and they already serve the customer: their "
            "relationship can carry our deal."
        ),
        gettext_lazy(
            "The vendor is selling there now and you already serve the customer: your "
            "relationship can carry the deal."
        ),
    ),
    ("prospect", "customer"): (
        0.8,
        gettext_lazy(
            "They already serve this customer and we have yet to sell there: an "
            "introduction opens the account."
        ),
        gettext_lazy(
            "You already serve this customer and the vendor has yet to sell there: you "
            "can open the account."
        ),
    ),
    ("opportunity", "opportunity"): (
        0.75,
        gettext_lazy("Both sides are pursuing it: selling together instead of side by side."),
        gettext_lazy("Both sides are pursuing it: selling together instead of side by side."),
    ),
    ("customer", "opportunity"): (
        0.7,
        gettext_lazy(
            "They are selling there now and it is already our customer: our reference "
            "can help them close."
        ),
        gettext_lazy(
            "You are selling there now and it is already the vendor's customer: its "
            "reference can help you close."
        ),
    ),
    ("prospect", "opportunity"): (
        0.6,
        gettext_lazy("They are selling there now while we only prospect: join their deal."),
        gettext_lazy(
            "You are selling there now while the vendor only prospects: bring it into your deal."
        ),
    ),
    ("customer", "prospect"): (
        0.5,
        gettext_lazy("Our customer is their prospect: an introduction helps them in."),
        gettext_lazy("The vendor's customer is your prospect: an introduction helps you in."),
    ),
    ("opportunity", "prospect"): (
        0.45,
        gettext_lazy("We are selling there now and they are prospecting it too."),
        gettext_lazy("The vendor is selling there now and you are prospecting it too."),
    ),
    ("customer", "customer"): (
        0.35,
        gettext_lazy("A customer of both: room for a joint expansion."),
        gettext_lazy("A customer of both: room for a joint expansion."),
    ),
    ("prospect", "prospect"): (
        0.2,
        gettext_lazy("Both are prospecting it: a joint approach."),
        gettext_lazy("Both are prospecting it: a joint approach."),
    ),
}
# With names only: the viewer's own status -> weight, why
OWN_ONLY: dict[str, tuple[float, Any]] = {
    "opportunity": (
        0.7,
        gettext_lazy("An open opportunity on your side, at an account the other side knows."),
    ),
    "customer": (0.5, gettext_lazy("Your customer, and the other side knows the account.")),
    "prospect": (0.4, gettext_lazy("Your prospect, and the other side knows the account.")),
}


@dataclass(frozen=True)
class PromisingAccount:
    customer_id: int
    name: str
    score: float
    reasons: list[str]
    opportunity_id: int | None = None  # the vendor's open opportunity there (vendor view)
    deal_id: int | None = None  # the partner's active registration there (partner view)


@dataclass(frozen=True)
class Promising:
    level: int
    accounts: list[PromisingAccount]
    page: int = 1  # the accounts are shown a page at a time, best first
    has_more: bool = False


def promising_accounts(*, actor: Actor, partner: Any, limit: int = 10, page: int = 1) -> Promising:
    """The shared accounts most worth co-selling with ``partner``, best first, each with its
    reasons: ``limit`` of them, on ``page``."""
    page = max(1, min(page, 1000))
    start = (page - 1) * limit
    policy_level = min(sharing_levels(partner))
    if policy_level < SharingLevel.NAMES:
        return Promising(policy_level, [])
    vendor_view = actor.is_staff
    busy = CoSell.objects.visible_to(actor).filter(partner=partner, status__in=LIVE_STATUSES)
    if policy_level >= SharingLevel.DETAILS:
        weight = Case(
            *[
                When(vendor_status=v, partner_status=p, then=Value(w))
                for (v, p), (w, _a, _b) in BOTH.items()
            ],
            default=Value(0.0),
            output_field=FloatField(),
        )
    else:
        own = "vendor_status" if vendor_view else "partner_status"
        weight = Case(
            *[When(**{own: s}, then=Value(w)) for s, (w, _r) in OWN_ONLY.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    name = "customer__name" if vendor_view else "partner_account__name"
    top = list(
        AccountOverlap.objects.visible_to(actor)
        .filter(partner=partner)
        .exclude(customer_id__in=busy.values("customer_id"))  # already selling together there
        .annotate(weight=weight)
        .select_related("customer", "partner_account")
        .order_by("-weight", name, "id")[start : start + limit + 1]
    )
    has_more = len(top) > limit
    top = top[:limit]
    ids = [o.customer_id for o in top]
    if vendor_view:
        opportunities = open_opportunities_at(actor=actor, customer_ids=ids)
        registrations = {}
    else:
        opportunities = {}
        registrations = active_registrations_at(
            actor=actor, partner_id=partner.pk, customer_ids=ids
        )
    out = []
    for o in top:
        reasons = [_why(o, policy_level, vendor_view)]
        opportunity = opportunities.get(o.customer_id)
        if opportunity is not None:
            reasons.append(
                _("Our open opportunity: %(name)s (%(stage)s).")
                % {"name": opportunity.name, "stage": opportunity.get_stage_display()}
            )
        deal = registrations.get(o.customer_id)
        if deal is not None:
            reasons.append(_("Your registration #%(id)s is active there.") % {"id": deal.pk})
        shown = o.customer.name if vendor_view else o.partner_account.name
        out.append(
            PromisingAccount(
                o.customer_id,
                shown,
                o.weight,
                reasons,
                opportunity.pk if opportunity else None,
                deal.pk if deal else None,
            )
        )
    return Promising(policy_level, out, page, has_more)


def _why(overlap: AccountOverlap, level: int, vendor_view: bool) -> str:
    if level >= SharingLevel.DETAILS:
        _w, vendor_words, partner_words = BOTH[(overlap.vendor_status, overlap.partner_status)]
        return str(vendor_words if vendor_view else partner_words)
    return str(OWN_ONLY[overlap.vendor_status if vendor_view else overlap.partner_status][1])
