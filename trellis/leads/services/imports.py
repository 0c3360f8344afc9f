"""Leads from a CSV file: a dry-run preview that says where each would go, then an import reported
per row.

Each row is taken in on its own (its own transaction), so the report always says
exactly which rows became leads and why the others did not. The leads taken in
are then routed together (``batch.route_leads``): the same decisions as one by
one, a few statements per chunk instead of a dozen per lead, and each partner
told once however many leads it got. Should routing fail, the leads are kept,
new, for the next routing run: nothing taken in is lost.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from trellis.core import uploads
from trellis.core.actor import Actor
from trellis.core.exceptions import DomainError
from trellis.core.policies import require
from trellis.core.uploads import RowReport, UploadReport

from .. import reasons
from ..choices import LeadSource
from ..models import Lead
from . import batch, intake, lifecycle

COLUMNS = (
    "customer_name",
    "customer_domain",
    "country",
    "city",
    "postal_code",
    "contact_name",
    "contact_email",
    "contact_phone",
    "products",
    "estimated_amount",
    "currency",
    "source",
    "notes",
    "campaign_code",
)
REQUIRED = ("customer_name", "country", "contact_name")


def _input(row: dict[str, str]) -> lifecycle.LeadInput:
    return lifecycle.LeadInput(
        customer_name=row.get("customer_name", ""),
        customer_domain=row.get("customer_domain", ""),
        country=row.get("country", "").upper(),
        city=row.get("city", ""),
        postal_code=row.get("postal_code", ""),
        contact_name=row.get("contact_name", ""),
        contact_email=row.get("contact_email", ""),
        contact_phone=row.get("contact_phone", ""),
        products=[p for p in row.get("products", "").replace(";", " ").split() if p],
        estimated_amount=row.get("estimated_amount") or None,
        currency=(row.get("currency") or "USD").upper(),
        source=row.get("source") or LeadSource.IMPORT,
        notes=row.get("notes", ""),
        campaign_code=row.get("campaign_code", ""),
    )


def lead_import(*, actor: Actor, raw: bytes, dry_run: bool) -> UploadReport:
    require(actor, "leads.receive", None)
    report = UploadReport(dry_run=dry_run)
    ready: list[tuple[int, lifecycle.LeadInput]] = []
    taken: dict[int, RowReport] = {}  # lead id -> its row
    for line, row in uploads.parse_csv(raw, columns=COLUMNS, required=REQUIRED):
        data = _input(row)
        try:
            if dry_run:
                intake.validate_lead(data)
                ready.append((line, data))
                report.rows.append(RowReport(line, data.customer_name, "ok"))
            else:
                lead = lifecycle.lead_receive(actor=actor, data=data, route=False)
                taken[lead.pk] = RowReport(line, data.customer_name, "done", "", lead.pk)
                report.rows.append(taken[lead.pk])
        except DomainError as exc:
            where = f"{exc.field}: " if exc.field else ""
            report.rows.append(RowReport(line, data.customer_name, "error", where + exc.message))
    if taken:
        batch.route_leads(lead_ids=list(taken), requested_by=actor.user_id)
        for lead in Lead.objects.select_related("partner").filter(pk__in=list(taken)):
            taken[lead.pk].message = _outcome(lead)
    if ready:
        by_line = {r.line: r for r in report.rows}
        for (line, _data), where in zip(
            ready, intake.lead_preview(actor=actor, leads=[d for _l, d in ready]), strict=True
        ):
            by_line[line].message = where
    return report


def _outcome(lead: Lead) -> str:
    if lead.partner is not None:
        return _("%(status)s: %(partner)s") % {
            "status": lead.get_status_display(),
            "partner": lead.partner.name,
        }
    if lead.unroutable_reason:
        return reasons.words(lead.unroutable_reason)
    return str(lead.get_status_display())
