"""Demo account lists: some partners have uploaded theirs and agreed, to varying degrees, to share
the
overlap."""

from __future__ import annotations

import random

from trellis.accounts.actors import actor_for_user
from trellis.accounts.models import RoleGrant, User
from trellis.cosell.services import AccountRow, account_list_upload, sharing_consent, sharing_offer
from trellis.customers.models import CustomerAccount

STATUSES = ("customer", "prospect", "opportunity")


def seed_mapping(*, partners: int, seed: int) -> int:
    rng = random.Random(seed)
    admins = list(
        RoleGrant.objects.filter(role="partner_admin", partner__status="active")
        .select_related("user", "partner")
        .order_by("partner_id")[:partners]
    )
    manager = User.objects.filter(role_grants__role="admin").first()
    accounts = list(CustomerAccount.objects.values_list("name", "country", "domain")[:20000])
    if not admins or not accounts or manager is None:
        return 0
    for grant in admins:
        partner = grant.partner
        assert partner is not None  # partner_admin grants always name the partner
        known = rng.sample(accounts, min(len(accounts), rng.randint(40, 160)))
        rows = [
            AccountRow(name, country, rng.choice(STATUSES), domain)
            for name, country, domain in known
        ]
        rows += [
            AccountRow(
                f"{rng.choice(['Nordwind', 'Sol', 'Kaizen', 'Atlas'])} "
                f"{rng.choice(['Labs', 'Works', 'Group'])} {i}",
                partner.country,
                rng.choice(STATUSES),
            )
            for i in range(rng.randint(20, 80))
        ]
        partner_actor = actor_for_user(grant.user)
        account_list_upload(actor=partner_actor, partner=partner, rows=rows)
        sharing_offer(actor=actor_for_user(manager), partner=partner, level=rng.choice([1, 2, 2]))
        sharing_consent(actor=partner_actor, partner=partner, level=rng.choice([0, 1, 2]))
    return len(admins)
