"""Leads from outside the console: previews for imports, and public web-to-lead forms."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from trellis.catalog.selectors import family_specializations, products_by_sku
from trellis.core import events, places
from trellis.core.actor import Actor, ActorKind
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.policies import require
from trellis.partners.selectors import partner_names

from ..choices import LeadSource
from ..engine.routing import LeadFacts, route
from ..models import Lead, RoutingRules, WebForm
from ..selectors import routing_pool
from ..validation import LeadInput, clean_lead, program_for
from .lifecycle import lead_receive, routing_rules, why_unroutable


def lead_preview(*, actor: Actor, leads: list[LeadInput]) -> list[str]:
    """Where each (already valid) lead would go if taken in now, in words; writes nothing.

    The catalogue, programs and rules are read once per file, not once per row.
    """
    require(actor, "leads.receive", None)
    out: list[
        str | tuple[int, float]
    ] = []  # why not, or (who, score): names are read once at the end
    pools: dict[int, Any] = {}  # one pool per program and file: later rows see earlier ones
    skus = sorted({s.strip() for data in leads for s in data.products if s and s.strip()})
    catalogue = products_by_sku(skus) if skus else {}
    wanted: dict[frozenset[int], frozenset[str]] = {}
    programs: dict[
        int | None, int
    ] = {}  # the program a row names (or none) -> the program it goes to
    rules_of: dict[int, RoutingRules] = {}
    for data in leads:
        if data.program_id not in programs:
            programs[data.program_id] = program_for(data)
        program_id = programs[data.program_id]
        if program_id not in pools:
            pools[program_id], rules_of[program_id] = (
                routing_pool(program_id),
                routing_rules(program_id),
            )
        rules = rules_of[program_id]
        country = data.country.strip().upper()
        point = (
            (data.latitude, data.longitude)
            if data.latitude is not None
            else places.coordinates(country, data.city)
        )
        families = frozenset(
            catalogue[s.strip()].family_id for s in data.products if s.strip() in catalogue
        )
        if families not in wanted:
            wanted[families] = family_specializations(sorted(families))
        facts = LeadFacts(
            country=country,
            city=data.city,
            postal_code=data.postal_code.strip().upper(),
            region=places.region_of(country),
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            wanted_specializations=wanted[families],
            allowed_types=frozenset(rules.allowed_types),
        )
        decision = route(pools[program_id], facts, rules.weights(), limit=1)
        if decision.best is None:
            out.append(why_unroutable(decision))
            continue
        pools[program_id].assigned(decision.best.partner_id)
        out.append((decision.best.partner_id, decision.best.score))
    names = partner_names(actor=actor, ids=sorted({x[0] for x in out if isinstance(x, tuple)}))
    return [
        x
        if isinstance(x, str)
        else _("Would go to %(partner)s (score %(s)s).")
        % {"partner": names.get(x[0], ""), "s": x[1]}
        for x in out
    ]


def validate_lead(data: LeadInput) -> None:
    """Check a lead's fields without writing anything (import preview)."""
    clean_lead(data)
    program_for(data)


def web_form_submit(*, form: WebForm, data: LeadInput) -> Lead:
    """A visitor's submission of a public web-to-lead form: taken in as a lead from the web, and
    routed."""
    if not form.is_active:
        raise Conflict(_("This form no longer takes submissions."))
    visitor = Actor(kind=ActorKind.SYSTEM, label=f"web form: {form.name}"[:254])
    return lead_receive(
        actor=visitor,
        data=dataclasses.replace(data, source=LeadSource.WEB_FORM, program_id=form.program_id),
    )


def web_form_save(
    *,
    actor: Actor,
    form: WebForm | None,
    name: str,
    program_id: int | None,
    thank_you: str,
    embed_origins: str,
    is_active: bool,
) -> WebForm:
    """Create or change a web-to-lead form (vendor staff who take leads in)."""
    require(actor, "leads.receive", None)
    if not name.strip():
        raise InvalidInput(_("Name the form."), field="name")
    bad = [o for o in embed_origins.split() if not re.fullmatch(r"https?://[\w.-]+(:\d+)?", o)]
    if bad:
        raise InvalidInput(
            _("Write each site as an origin such as https://www.example.com: %(bad)s")
            % {"bad": ", ".join(bad)},
            field="embed_origins",
        )
    with transaction.atomic():
        created = form is None
        form = form or WebForm()
        before = (
            {}
            if created
            else {"name": form.name, "active": form.is_active, "origins": form.embed_origins}
        )
        form.name, form.program_id, form.thank_you = name.strip(), program_id, thank_you.strip()
        form.embed_origins, form.is_active = "\n".join(embed_origins.split()), is_active
        form.save()
        events.record(
            actor,
            "lead_form.created" if created else "lead_form.updated",
            form,
            before=before,
            after={"name": form.name, "active": form.is_active, "origins": form.embed_origins},
        )
    return form
