"""Setting up a program's incentives: its plan (the statement currency) and its rules, each
change a new version from a date, so a line always names the terms it was paid under."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import Conflict, InvalidFields, InvalidInput
from trellis.core.money import CURRENCIES
from trellis.core.policies import require

from .. import policies  # noqa: F401  (registers the rules)
from ..engine.terms import problems
from ..models import IncentivePlan, IncentiveRule, RuleVersion


def _messages() -> dict[str, str]:
    return {
        "kind": _("Choose a kind of rule."),
        "object": _("The terms must be an object."),
        "percent": _("Give a percentage above 0 and at most 100."),
        "required": _("This is required."),
        "positive": _("Give an amount above zero."),
        "band": _("Each band is a pair: revenue from, and its percentage."),
        "ascending": _("Bands start at 0 or more, each above the one before."),
        "family": _("Name the product family whose deals earn the accelerator."),
        "min_deals": _("Give a whole number of deals, at least 1."),
        "multiplier": _("Give a multiplier above 1 and at most 5."),
    }


def plan_for(*, actor: Actor, program: Any, currency: str = "USD") -> IncentivePlan:
    """The program's plan, made on first use in ``currency``."""
    require(actor, "incentives.configure", program)
    if currency not in CURRENCIES:
        raise InvalidInput(_("Choose a currency the program pays in."), field="currency")
    with transaction.atomic():
        plan, made = IncentivePlan.objects.get_or_create(
            program=program, defaults={"currency": currency}
        )
        if made:
            events.record(actor, "incentive_plan.created", plan, after={"currency": currency})
    return plan


def rule_create(
    *,
    actor: Actor,
    plan: IncentivePlan,
    name: str,
    kind: str,
    params: dict[str, Any],
    starts: dt.date,
    ends: dt.date | None = None,
) -> IncentiveRule:
    """A new rule with its first version."""
    require(actor, "incentives.configure", plan)
    if not name.strip():
        raise InvalidInput(_("Give the rule a name."), field="name")
    _check(kind, params, starts, ends)
    with transaction.atomic():
        rule = IncentiveRule.objects.create(plan=plan, name=name.strip()[:120], kind=kind)
        version = RuleVersion.objects.create(
            rule=rule,
            number=1,
            params=params,
            starts=starts,
            ends=ends,
            created_by_id=actor.user_id,
        )
        events.record(actor, "incentive_rule.versioned", rule, after=_version_after(version, rule))
    return rule


def rule_version_add(
    *,
    actor: Actor,
    rule: IncentiveRule,
    params: dict[str, Any],
    starts: dt.date,
    ends: dt.date | None = None,
) -> RuleVersion:
    """New terms from ``starts``: the version in force until then ends the day before. Terms
    already paid on are never edited; a line keeps naming the version it was paid under."""
    require(actor, "incentives.configure", rule.plan)
    _check(rule.kind, params, starts, ends)
    with transaction.atomic():
        versions = list(RuleVersion.objects.select_for_update().filter(rule=rule))
        if any(v.starts >= starts for v in versions):
            raise Conflict(_("A version already starts on or after this date; start later."))
        before = max(versions, key=lambda v: v.number)
        if before.ends is None or before.ends >= starts:
            before.ends = starts - dt.timedelta(days=1)
            before.save(update_fields=["ends"])
        try:
            version = RuleVersion.objects.create(
                rule=rule,
                number=before.number + 1,
                params=params,
                starts=starts,
                ends=ends,
                created_by_id=actor.user_id,
            )
        except IntegrityError as exc:  # two changes at once: the second is told to retry
            raise Conflict(_("The rule changed meanwhile; try again.")) from exc
        events.record(
            actor,
            "incentive_rule.versioned",
            rule,
            before={"version": before.number, "params": before.params},
            after=_version_after(version, rule),
        )
    return version


def _check(kind: str, params: Any, starts: dt.date, ends: dt.date | None) -> None:
    words = _messages()
    errors = [(field, words[code]) for field, code in problems(kind, params)]
    if ends is not None and ends < starts:
        errors.append(("ends", _("The end is before the start.")))
    if errors:
        raise InvalidFields(errors)


def _version_after(version: RuleVersion, rule: IncentiveRule) -> dict[str, Any]:
    return {
        "kind": rule.kind,
        "version": version.number,
        "params": version.params,
        "starts": version.starts,
        "ends": version.ends,
    }
