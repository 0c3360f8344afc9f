"""Console: the programs' incentive rules in words with their versions; finance adds a rule,
or new terms for one from a date (a new version: lines already paid keep naming theirs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core.exceptions import DomainError
from trellis.core.policies import allows
from trellis.core.surfaces import actor_of, console_view, form_error
from trellis.partners.selectors import program_choices, program_get

from .. import selectors, services
from ..forms import NewRuleForm, TermsForm


def _initial(version: Any) -> dict[str, Any]:
    """A version's terms as the form shows them, starting tomorrow."""
    p = version.params
    initial: dict[str, Any] = {"starts": timezone.localdate() + dt.timedelta(days=1)}
    if "pct" in p:
        initial["pct"] = p["pct"]
    if "sku" in p:
        initial |= {"sku": p["sku"], "amount": p.get("amount")}
    if "bands" in p:
        initial["bands"] = ", ".join(f"{start}:{pct}" for start, pct in p["bands"])
        acc = p.get("accelerator") or {}
        initial |= {
            "family": acc.get("family", ""),
            "min_deals": acc.get("min_deals"),
            "multiplier": acc.get("multiplier"),
        }
    return initial


@console_view
def incentive_rules(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    may = allows(actor, "incentives.configure", None)
    programs = program_choices()
    new = NewRuleForm(
        request.POST if "new" in request.POST else None,
        programs=programs,
        prefix="new",
        label_suffix="",
        initial={"currency": "USD", "starts": timezone.localdate()},
    )
    changing = request.POST.get("rule", "") if request.method == "POST" else ""
    posted: TermsForm | None = None
    if request.method == "POST" and may:
        done = _new_rule(request, actor, new) if "new" in request.POST else None
        if changing:
            posted = TermsForm(request.POST, prefix=f"r{changing}", label_suffix="")
            done = _new_terms(request, actor, changing, posted)
        if done:
            return redirect("console:incentive_rules")
    plans = []
    for plan in selectors.plans():
        rules = []
        for rule, versions in selectors.plan_rules(program_id=plan.program_id):
            form = (
                posted
                if posted is not None and changing == str(rule.pk)
                else TermsForm(prefix=f"r{rule.pk}", label_suffix="", initial=_initial(versions[0]))
            )
            rules.append((rule, versions, form))
        plans.append((plan, rules))
    return render(
        request,
        "incentives/console_rules.html",
        {"nav": "earnings", "plans": plans, "may": may, "new": new},
    )


def _new_rule(request: HttpRequest, actor: Any, form: NewRuleForm) -> bool:
    if not form.is_valid():
        messages.error(request, _("Not saved: correct the marked fields."))
        return False
    d = form.cleaned_data
    try:
        plan = services.plan_for(
            actor=actor, program=program_get(program_id=d["program"]), currency=d["currency"]
        )
        services.rule_create(
            actor=actor,
            plan=plan,
            name=d["name"],
            kind=d["kind"],
            params=form.params(d["kind"]),
            starts=d["starts"],
            ends=d["ends"],
        )
    except DomainError as exc:
        form_error(form, exc)
        messages.error(request, _("Not saved: correct the marked fields."))
        return False
    messages.success(request, _("Rule added."))
    return True


def _new_terms(request: HttpRequest, actor: Any, rule_id: str, form: TermsForm) -> bool:
    if not rule_id.isdigit() or len(rule_id) > 18:
        return False
    rule = selectors.rule_get(rule_id=int(rule_id))
    if not form.is_valid():
        messages.error(request, _("Not saved: correct the marked fields."))
        return False
    d = form.cleaned_data
    try:
        version = services.rule_version_add(
            actor=actor,
            rule=rule,
            params=form.params(rule.kind),
            starts=d["starts"],
            ends=d["ends"],
        )
    except DomainError as exc:
        form_error(form, exc)
        messages.error(request, _("Not saved: correct the marked fields."))
        return False
    messages.success(
        request,
        _("New terms for %(rule)s from %(day)s (version %(n)s).")
        % {"rule": rule.name, "day": version.starts.isoformat(), "n": version.number},
    )
    return True
