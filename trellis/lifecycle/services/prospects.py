"""Prospect lists: the vendor uploads candidate companies as CSV; each is scored against the
Ideal Partner Profile (and the learned model, when trusted), compared with existing partners,
and the list is kept ranked with every score's reasons. A file with any bad line is refused
whole, each problem named by line, so nothing is half-imported."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.countries import is_country
from trellis.core.exceptions import InvalidInput
from trellis.core.policies import require
from trellis.core.uploads import parse_csv
from trellis.customers.choices import EmployeeBand, Industry
from trellis.customers.engine.names import normalize_domain
from trellis.partners.choices import PartnerType
from trellis.partners.selectors import specializations

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import EsgFact
from ..engine.fit import score
from ..models import Prospect, ProspectList
from ..selectors import fit as fit_reads
from .known import KnownPartners

COLUMNS = (
    "company",
    "website",
    "country",
    "partner_types",
    "industries",
    "specializations",
    "size",
    "esg",
)
REQUIRED = ("company", "country")
MAX_ROWS = 10_000
MAX_BYTES = 5_000_000
SHOWN_PROBLEMS = 10
_SPLIT = re.compile(r"[;|,]")


def _codes(value: str) -> list[str]:
    return sorted({v.strip().lower() for v in _SPLIT.split(value) if v.strip()})


def _row(
    line: int, row: dict[str, str], known: dict[str, frozenset[str]]
) -> tuple[Prospect | None, list[str]]:
    problems: list[str] = []
    name = row.get("company", "")
    if not name or len(name) > 200:
        problems.append(_("a company name of 1 to 200 characters is needed"))
    country = row.get("country", "").upper()
    if not is_country(country):
        problems.append(
            _("unknown country code %(c)s (use two letters, such as DE)") % {"c": country or "—"}
        )
    website, domain = row.get("website", ""), ""
    if website:
        website = website if "://" in website else f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
            domain = normalize_domain(website)
        except ValidationError:
            problems.append(_("the website is not a web address"))
    lists = {
        k: _codes(row.get(k, "")) for k in ("partner_types", "industries", "specializations", "esg")
    }
    for column, values in lists.items():
        bad = [v for v in values if v not in known[column]]
        if bad:
            problems.append(
                _("unknown %(column)s: %(v)s") % {"column": column, "v": ", ".join(bad)}
            )
    size = row.get("size", "")
    if size and size not in EmployeeBand.values:
        problems.append(
            _("unknown size %(s)s (use one of %(all)s)")
            % {"s": size, "all": ", ".join(EmployeeBand.values)}
        )
    if problems:
        return None, problems
    return (
        Prospect(
            line=line,
            company_name=name,
            website=website[:300],
            domain=domain,
            country=country,
            partner_types=lists["partner_types"],
            industries=lists["industries"],
            specializations=lists["specializations"],
            size=size,
            esg=lists["esg"],
            fit_score=0,
        ),
        [],
    )


def prospects_upload(*, actor: Actor, name: str, raw: bytes) -> ProspectList:
    """Read, check, score and keep a list; refused whole when any line is wrong."""
    require(actor, "lifecycle.review")
    if not name.strip():
        raise InvalidInput(_("Name the list, so you can find it again."), field="name")
    rows = parse_csv(
        raw, columns=COLUMNS, required=REQUIRED, max_bytes=MAX_BYTES, max_rows=MAX_ROWS
    )
    known = {
        "partner_types": frozenset(PartnerType.values),
        "industries": frozenset(Industry.values),
        "specializations": frozenset(specializations().values_list("slug", flat=True)),
        "esg": frozenset(EsgFact.values),
    }
    prospects, problems = [], []
    for line, row in rows:
        prospect, wrong = _row(line, row, known)
        if prospect is not None:
            prospects.append(prospect)
        else:
            problems.append(_("line %(n)s: %(what)s") % {"n": line, "what": "; ".join(wrong)})
    if problems:
        more = len(problems) - SHOWN_PROBLEMS
        message = _("Nothing was imported. %(problems)s") % {
            "problems": ". ".join(problems[:SHOWN_PROBLEMS])
        }
        if more > 0:
            message += " " + _("And %(n)s more lines.") % {"n": more}
        raise InvalidInput(message, field="file")
    scored = score_prospects(prospects)
    with transaction.atomic():
        kept = ProspectList.objects.create(
            name=name.strip()[:150],
            uploaded_by_id=actor.user_id,
            scored_at=timezone.now(),
            fit_model_id=scored,
            size=len(prospects),
        )
        for p in prospects:
            p.prospect_list = kept
        Prospect.objects.bulk_create(prospects, batch_size=2000)
        events.record(
            actor, "prospects.uploaded", kept, after={"name": kept.name, "size": kept.size}
        )
        # Outbox: the close comparison with every partner is queued with the list it reads.
        async_task(
            "trellis.lifecycle.tasks.prospects_check", kept.pk, task_name=f"prospects-{kept.pk}"
        )
    return kept


def score_prospects(prospects: list[Prospect]) -> int | None:
    """Score ``prospects`` in place (fit, reasons, an existing partner they already are);
    returns the model run that contributed, if any."""
    model, run = fit_reads.trusted_model()
    profile = fit_reads.profile_of(fit_reads.ideal_profile())
    partners = KnownPartners.load(with_index=False)
    for p in prospects:
        fit = score(
            fit_reads.candidate(
                country=p.country,
                partner_types=p.partner_types,
                industries=p.industries,
                specializations=p.specializations,
                size=p.size,
                esg=p.esg,
            ),
            profile,
            model,
        )
        p.fit_score, p.fit_factors = fit.score, fit_reads.factors_out(fit)
        p.fit_blocked_by = list(fit.blocked_by)
        known = partners.quick(name=p.company_name, domain=p.domain)
        if known is not None and p.partner_id_known is None:
            p.partner_id_known, p.partner_name_known = known, partners.names[known][:200]
    return run.pk if run is not None and model is not None else None


CHECK_CHUNK = 1_000


def prospects_check(*, list_id: int) -> int:
    """The background job: compare up to CHECK_CHUNK not yet checked prospects of a list with
    every partner (the account matcher: renames, legal forms, typos); returns how many remain.
    Safe to run again: it only takes what is still unchecked."""
    waiting = list(
        Prospect.objects.filter(prospect_list_id=list_id, checked=False).order_by("line")[
            :CHECK_CHUNK
        ]
    )
    if not waiting:
        return 0
    partners = KnownPartners.load()
    for p in waiting:
        same = [
            d
            for d in partners.find(name=p.company_name, domain=p.domain, country=p.country, limit=1)
            if d["relation"] == "same"
        ]
        if same and p.partner_id_known is None:
            p.partner_id_known, p.partner_name_known = same[0]["partner"], same[0]["name"][:200]
        p.checked = True
    Prospect.objects.bulk_update(
        waiting, ["partner_id_known", "partner_name_known", "checked"], batch_size=CHECK_CHUNK
    )
    return Prospect.objects.filter(prospect_list_id=list_id, checked=False).count()


def prospects_rescore(*, actor: Actor, prospect_list: ProspectList) -> ProspectList:
    """Score a list again on today's profile and model (after either changed)."""
    require(actor, "lifecycle.review")
    prospects = list(prospect_list.prospects.all())
    run_id = score_prospects(prospects)
    with transaction.atomic():
        Prospect.objects.bulk_update(
            prospects,
            [
                "fit_score",
                "fit_factors",
                "fit_blocked_by",
                "partner_id_known",
                "partner_name_known",
            ],
            batch_size=2000,
        )
        prospect_list.scored_at, prospect_list.fit_model_id = timezone.now(), run_id
        prospect_list.save(update_fields=["scored_at", "fit_model"])
        events.record(actor, "prospects.rescored", prospect_list, after={"size": len(prospects)})
    return prospect_list
