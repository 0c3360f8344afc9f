"""The conflict check: what stands in the way of a registration, in words a channel manager accepts.

It only reads, and it runs before the registration is written, so a blocked
attempt costs no insert. The unique index on active claims stays the last word
when two registrations race past the check together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trellis.customers.services import Resolution

from ..choices import ConflictKind, DirectAccountPolicy, FamilyPolicy
from ..models import DealClaim, DirectOpportunity, RulesOfEngagement
from ..reasons import reason

if TYPE_CHECKING:
    from trellis.customers.models import CustomerAccount


_HOLDER_COLUMNS = ("family_id", "created_at", "deal_id", "deal__partner_id")


def _holder(customer_id: int, deal_id: int, families: list[int] | None) -> tuple[Any, ...] | None:
    """The first active claim on the customer (for ``families``, or any) other than ``deal_id``'s
    own."""
    claims = DealClaim.objects.filter(customer_id=customer_id, active=True).exclude(deal_id=deal_id)
    if families is not None:
        claims = claims.filter(family_id__in=families)
    return claims.order_by("pk").values_list(*_HOLDER_COLUMNS).first()


@dataclass
class CheckResult:
    """Either a block (the registration cannot stand) or review reasons (a person should look)."""

    blocked: ConflictKind | None = None
    winning_deal_id: int | None = None
    reasons: list[dict[str, Any]] = field(default_factory=list)  # stored codes (``reasons``)
    related: list[int] = field(default_factory=list)


def _family_names(family_ids: Iterable[int], names: dict[int, str]) -> str:
    return ", ".join(sorted(names.get(f, str(f)) for f in family_ids))


def check_registration(
    *,
    customer: CustomerAccount,
    partner_id: int,
    deal_id: int | None,
    families: dict[int, str],
    rules: RulesOfEngagement,
    resolution: Resolution | None,
) -> CheckResult:
    """Check a registration of ``customer`` for ``families`` (id -> name) by ``partner_id``.

    ``deal_id`` is the registration itself when it already exists (a draft being
    submitted, a reopened registration), so its own claims do not count against it.
    """
    result = CheckResult()
    if resolution is not None and resolution.created:
        # This registration created the account a moment ago: no claim or direct
        # opportunity can stand on it yet, and should another registration claim it
        # first, the unique index on active claims turns ours into a 409.
        _flag_near_matches(result, partner_id, families, resolution, rules)
        return result
    own = deal_id or 0
    holder = _holder(customer.pk, own, sorted(families) if rules.family_overlap_conflicts else None)
    if holder is not None:
        family_id, since, holder_deal, holder_partner = holder
        result.winning_deal_id = holder_deal
        result.blocked = (
            ConflictKind.OWN_DUPLICATE if holder_partner == partner_id else ConflictKind.PARTNER
        )
        result.reasons.append(
            reason(
                "held",
                customer=customer.name,
                families=_family_names({family_id}, families),
                date=since.date().isoformat(),
            )
        )
        return result

    direct_family = (
        DirectOpportunity.objects.filter(
            customer_id=customer.pk, is_open=True, family_id__in=sorted(families)
        )
        .order_by("pk")
        .values_list("family_id", flat=True)
        .first()
    )
    if customer.is_direct or direct_family is not None:
        why = (
            reason(
                "direct_opportunity",
                families=_family_names({direct_family}, families),
                customer=customer.name,
            )
            if direct_family is not None
            else reason("direct_account", customer=customer.name)
        )
        if rules.direct_accounts == DirectAccountPolicy.EXCLUDE:
            result.blocked = ConflictKind.DIRECT
            result.reasons.append(why)
            return result
        result.reasons.append({**why, "review": True})

    _flag_near_matches(result, partner_id, families, resolution, rules)
    if resolution is not None and resolution.score is not None and resolution.score < 0.9:
        result.reasons.append(
            reason(
                "low_confidence",
                account=customer.name,
                score=round(resolution.score * 100),
                why="; ".join(resolution.evidence),
            )
        )
    return result


def _flag_near_matches(
    result: CheckResult,
    partner_id: int,
    families: dict[int, str],
    resolution: Resolution | None,
    rules: RulesOfEngagement,
) -> None:
    """Companies the engine is unsure about: not a block, but a person should compare."""
    near = {other.pk: (other, match) for other, match in (resolution.near if resolution else [])}
    if not near:
        return
    claims = DealClaim.objects.filter(
        customer_id__in=list(near), active=True, family_id__in=list(families)
    ).values_list("customer_id", "deal_id", "deal__partner_id")
    by_customer: dict[int, list[int]] = {}
    for customer_id, deal_id, holder_partner in claims:
        if holder_partner != partner_id:
            by_customer.setdefault(customer_id, []).append(deal_id)
    for customer_id, (other, match) in near.items():  # the engine's order: closest first
        for deal_id in by_customer.get(customer_id, []):
            family = match.relation == "family"
            if family and rules.family_protection == FamilyPolicy.SEPARATE:
                continue  # the program protects each company of a family on its own
            result.related.append(deal_id)
            result.reasons.append(
                reason(
                    "near_family" if family else "near_match",
                    other=other.name,
                    score=round(match.score * 100),
                    why="; ".join(match.evidence),
                )
            )
