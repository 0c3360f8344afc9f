"""Two years of funded activities before today: each requested, approved, claimed and paid on
its year's budget (the ledger moves as it would have), with the registrations its campaign
code brought. What each brought depends on its kind, cost and the partner's own estimate, with
a lot of noise, as marketing outcomes do; the pipeline forecast learns from these. Past years'
budgets then close and what was left expires."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from trellis.core.actor import SYSTEM
from trellis.customers.models import CustomerAccount
from trellis.deals.models import DealRegistration
from trellis.funds.models import MdfRequest
from trellis.funds.selectors import activity_results
from trellis.funds.services import forecast_train, funds_expire
from trellis.funds.services.ledger import lock_fund, post

# How much pipeline a unit of cost tends to bring, by kind of activity.
YIELD = {
    "event": 9.0,
    "webinar": 6.0,
    "digital_campaign": 4.0,
    "content_syndication": 3.0,
    "trade_show": 7.0,
    "email_campaign": 10.0,
}
COSTS = {
    "event": 12000,
    "webinar": 5000,
    "digital_campaign": 9000,
    "content_syndication": 14000,
    "trade_show": 30000,
    "email_campaign": 3000,
}


def seed_fund_history(
    rng: random.Random,
    budgets: dict[tuple[int, int, str], Any],
    enrollments: list[Any],
    admins: dict[int, int],
) -> int:
    today = timezone.localdate()
    made = 0
    for enrollment in enrollments:
        partner = enrollment.partner
        customers = list(
            CustomerAccount.objects.filter(owner_partner_id=partner.pk).values_list(
                "pk", "name", "country"
            )[:10]
        )
        if not customers or partner.pk not in admins:
            continue
        for _ in range(rng.choice((1, 2, 2, 3))):
            held = today - dt.timedelta(days=rng.randint(120, 700))
            region = rng.choice(("na", "emea", "apac", "latam"))
            budget = budgets.get((enrollment.program_id, held.year, region))
            if budget is None:
                continue
            kind = rng.choice(list(YIELD))
            cost = Decimal(round(COSTS[kind] * rng.uniform(0.5, 1.8), -2))
            quality = rng.lognormvariate(0, 0.6)  # how good this partner's marketing is
            pipeline = float(cost) * YIELD[kind] * quality * rng.lognormvariate(0, 0.35)
            estimate = Decimal(
                round(float(cost) * YIELD[kind] * quality**0.9 * rng.uniform(0.75, 1.3), -2)
            )
            _activity(
                rng,
                budget,
                partner,
                enrollment.program_id,
                admins[partner.pk],
                kind,
                held,
                cost,
                estimate,
                pipeline,
                customers,
            )
            made += 1
    funds_expire(today=today)
    forecast_train(actor=SYSTEM, history=activity_results(actor=SYSTEM))
    return made


def _activity(
    rng: random.Random,
    budget: Any,
    partner: Any,
    program_id: int,
    user_id: int,
    kind: str,
    held: dt.date,
    cost: Decimal,
    estimate: Decimal,
    pipeline: float,
    customers: list[tuple[int, str, str]],
) -> None:
    amount = (cost / 2).quantize(Decimal(1))
    code = "MDF-" + secrets.token_hex(4).upper()
    asked = timezone.make_aware(dt.datetime.combine(held - dt.timedelta(days=30), dt.time(10)))
    with transaction.atomic():
        request = MdfRequest.objects.create(
            partner=partner,
            program_id=program_id,
            fund=budget,
            campaign_code=code,
            activity_type=kind,
            title=f"{kind.replace('_', ' ').capitalize()} {held:%B %Y}",
            starts=held,
            ends=held,
            cost=cost,
            requested_amount=amount,
            approved_amount=amount,
            currency=budget.currency,
            expected_leads=max(5, int(float(estimate) / 2500)),
            expected_pipeline=estimate,
            payee_name=partner.name,
            status="closed",
            submitted_by_id=user_id,
            decision_due_at=asked + dt.timedelta(days=3),
            decided_at=asked + dt.timedelta(days=2),
            claim_deadline=held + dt.timedelta(days=60),
        )
        MdfRequest.objects.filter(pk=request.pk).update(submitted_at=asked)
        fund = lock_fund(budget.pk)
        for kind_of_entry in ("commit", "claim", "pay"):
            post(fund, kind_of_entry, amount, actor=SYSTEM, request=request, note="History")
    left = pipeline
    n = 0
    while left > 1000 and n < 6:
        share = left if n == 5 else left * rng.uniform(0.3, 0.8)
        cid, name, country = rng.choice(customers)
        won = rng.random() < 0.55
        deal = DealRegistration.objects.create(
            partner=partner,
            program_id=program_id,
            customer_id=cid,
            customer_name=name,
            customer_country=country,
            amount=Decimal(round(share, -2)),
            currency=budget.currency,
            expected_close=held + dt.timedelta(days=90),
            deal_type="new",
            status="won" if won else "approved",
            closed_at=timezone.now() if won else None,
            protected_until=timezone.now() + dt.timedelta(days=30),
            campaign_code=code,
            description="Met at a funded event",
        )
        registered = timezone.make_aware(
            dt.datetime.combine(held + dt.timedelta(days=rng.randint(3, 60)), dt.time(9))
        )
        DealRegistration.objects.filter(pk=deal.pk).update(created_at=registered)
        left -= share
        n += 1
