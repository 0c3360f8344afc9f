"""A departing partner's data, as its admins download it from the link they were sent: the
company profile, its people, its registrations, its tier history, the agreements it accepted
and the documents it sent."""

from __future__ import annotations

from typing import Any

from trellis.accounts.selectors import partner_members
from trellis.core.actor import SYSTEM
from trellis.deals.selectors import registrations_export
from trellis.partners.selectors import partner_get

from ..models import AgreementAcceptance, PartnerDocument, TierChange


def partner_export(*, partner_id: int) -> dict[str, Any]:
    partner = partner_get(actor=SYSTEM, partner_id=partner_id)
    return {
        "company": {
            "name": partner.name,
            "legal_name": partner.legal_name,
            "website": partner.website,
            "country": partner.country,
            "city": partner.city,
            "description": partner.description,
            "partner_since": partner.created_at.isoformat(),
        },
        "people": [
            {"name": u.full_name, "email": u.email, "active": u.is_active}
            for u in partner_members(actor=SYSTEM, partner=partner)
        ],
        "registrations": [
            {
                k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if v is not None else None)
                for k, v in row.items()
            }
            for row in registrations_export(partner_id=partner.pk)
        ],
        "tier_history": [
            {
                "when": c.effective_at.isoformat(),
                "from": c.from_tier.name if c.from_tier else None,
                "to": c.to_tier.name if c.to_tier else None,
                "why": c.reason,
            }
            for c in TierChange.objects.filter(partner=partner).select_related(
                "from_tier", "to_tier"
            )
        ],
        "agreements": [
            {
                "version": a.version.number,
                "accepted_at": a.accepted_at.isoformat(),
                "accepted_by": a.accepted_by_name,
            }
            for a in AgreementAcceptance.objects.filter(partner=partner).select_related("version")
        ],
        "documents": [
            {
                "kind": d.kind,
                "file": d.original_name,
                "sent": d.uploaded_at.isoformat(),
                "status": d.status,
            }
            for d in PartnerDocument.objects.filter(partner=partner)
        ],
    }
