"""The conflict check: what stands in the way of a registration, in words a channel manager accepts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from trellis.customers.services import Resolution

from .choices import ConflictKind, DirectAccountPolicy
from .models import DealClaim, DealRegistration, DirectOpportunity, RulesOfEngagement


@dataclass
class CheckResult:
    """Either a block (the registration cannot stand) or review reasons (a person should look)."""

    blocked: ConflictKind | None = None
    winning_deal: DealRegistration | None = None
    reasons: list[str] = field(default_factory=list)
    related: list[int] = field(default_factory=list)


def _family_names(family_ids: Iterable[int], names: dict[int, str]) -> str:
    return ", ".join(sorted(names.get(f, str(f)) for f in family_ids))


def check_registration(
    *, deal: DealRegistration, family_ids: set[int], family_names: dict[int, str], rules: RulesOfEngagement,
    resolution: Resolution | None,
) -> CheckResult:  # fmt: skip
    result = CheckResult()
    account = deal.customer
    claims = (
        DealClaim.objects.filter(customer=account, active=True)
        .exclude(deal=deal)
        .select_related("deal")
    )
    if rules.family_overlap_conflicts:
        claims = claims.filter(family_id__in=family_ids)
    holder = next(iter(claims), None)
    if holder is not None:
        result.winning_deal = holder.deal
        result.blocked = (
            ConflictKind.OWN_DUPLICATE
            if holder.deal.partner_id == deal.partner_id
            else ConflictKind.PARTNER
        )
        result.reasons.append(
            _("%(customer)s already has an active registration for %(families)s since %(date)s.")
            % {"customer": account.name, "families": _family_names({holder.family_id}, family_names),
               "date": holder.created_at.date().isoformat()}
        )  # fmt: skip
        return result

    direct = DirectOpportunity.objects.filter(
        customer=account, is_open=True, family_id__in=family_ids
    ).first()
    if account.is_direct or direct is not None:
        why = (
            _(
                "The vendor's own sales team has an open opportunity for %(families)s at %(customer)s."
            )
            % {
                "families": _family_names({direct.family_id}, family_names),
                "customer": account.name,
            }
            if direct
            else _("%(customer)s is a vendor direct account.") % {"customer": account.name}
        )
        if rules.direct_accounts == DirectAccountPolicy.EXCLUDE:
            result.blocked = ConflictKind.DIRECT
            result.reasons.append(why)
            return result
        result.reasons.append(why + " " + _("The program routes these to the channel manager."))

    # Companies the engine is unsure about: not a block, but a person should compare.
    for other, match in resolution.near if resolution else []:
        near_claims = DealClaim.objects.filter(
            customer=other, active=True, family_id__in=family_ids
        ).select_related("deal")
        for claim in near_claims:
            if claim.deal.partner_id == deal.partner_id:
                continue
            result.related.append(claim.deal_id)
            result.reasons.append(
                _(
                    "Possibly the same company as %(other)s (%(score)s%% match: %(why)s), which has an active registration."
                )
                % {
                    "other": other.name,
                    "score": round(match.score * 100),
                    "why": "; ".join(match.evidence),
                }
            )
    if resolution is not None and resolution.score is not None and resolution.score < 0.9:
        result.reasons.append(
            _("Matched to the known account %(account)s with %(score)s%% confidence (%(why)s).")
            % {
                "account": account.name,
                "score": round(resolution.score * 100),
                "why": "; ".join(resolution.evidence),
            }
        )
    return result
