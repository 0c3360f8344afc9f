"""Writes about account mapping: a partner's list replaced, the overlap recomputed, what may be
shared."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from trellis.accounts.actors import actor_for_user
from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.countries import is_country
from trellis.core.exceptions import DomainError, InvalidInput, InvalidRows
from trellis.core.policies import require
from trellis.customers.engine.matching import SAME_COMPANY
from trellis.customers.selectors import account_keys, account_keys_stamp, similar_companies
from trellis.deals.selectors import customer_stages

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import AccountStatus, SharingLevel, UploadStatus
from ..engine.mapping import STATUSES, AccountTable, VendorIndex, domain_key, name_key, overlap
from ..models import AccountListUpload, AccountOverlap, PartnerAccount, SharingPolicy

if TYPE_CHECKING:
    from trellis.partners.models import Partner

MAX_ACCOUNTS = 200_000


@dataclass(frozen=True)
class AccountRow:
    name: str
    country: str
    status: str
    domain: str = ""
    line: int = 0  # the file's line it came from (0: not from a file)


# A refused list names this many of its bad rows (and counts the rest).
PROBLEMS_SHOWN = 20


def _clean(rows: list[AccountRow]) -> list[AccountRow]:
    """The rows checked and tidied; any bad row refuses the whole list, and every bad row is
    counted (the first ones named with what is wrong), so one upload shows all there is to fix."""
    if len(rows) > MAX_ACCOUNTS:
        raise InvalidInput(
            _("At most %(n)s accounts per list.") % {"n": MAX_ACCOUNTS}, field="accounts"
        )
    out = []
    problems: list[str] = []
    statuses = set(AccountStatus.values)
    for i, row in enumerate(rows, start=1):
        name, country, status = (
            row.name.strip(),
            row.country.strip().upper(),
            row.status.strip().lower(),
        )
        if not name or not is_country(country) or status not in statuses:
            problems.append(_row_problem(row.line or i, name, country, status, bool(row.line)))
            continue
        out.append(AccountRow(name[:250], country, status, row.domain.strip()[:253]))
    if problems:
        head = _(
            "Rows that cannot be read: %(n)s. Nothing was stored; correct them and upload again."
        )
        shown = problems[:PROBLEMS_SHOWN]
        if len(problems) > PROBLEMS_SHOWN:
            more = len(problems) - PROBLEMS_SHOWN
            shown.append(_("And more rows like these: %(n)s.") % {"n": more})
        raise InvalidRows(head % {"n": len(problems)}, rows=shown, field="accounts")
    return out


def _row_problem(i: int, name: str, country: str, status: str, in_file: bool = False) -> str:
    label = _("Line %(i)s (%(name)s)") if in_file else _("Account %(i)s (%(name)s)")
    where = label % {"i": i, "name": name[:40] or "—"}
    if not name:
        return _("%(where)s: give the company's name.") % {"where": where}
    if not is_country(country):
        return _("%(where)s: give the country as a two-letter code.") % {"where": where}
    return _("%(where)s: status must be customer, prospect or opportunity.") % {"where": where}


# The vendor side as the engine needs it, rebuilt when accounts or their stages change.
_vendor: dict[str, Any] = {"stamp": None, "index": None}
_vendor_lock = threading.Lock()


def _vendor_index() -> VendorIndex:
    won, active = customer_stages()
    stamp = (*account_keys_stamp(), len(won), len(active))
    with _vendor_lock:
        if _vendor["stamp"] == stamp:
            return _vendor["index"]  # type: ignore[no-any-return]
    rows = account_keys()
    statuses = [
        "customer" if (direct or pk in won) else "opportunity" if pk in active else "prospect"
        for pk, _n, _c, _d, direct in rows
    ]
    table = AccountTable(
        ids=np.array([r[0] for r in rows], dtype=np.int64),
        domains=[domain_key(r[3]) for r in rows],
        names=[f"{r[1]}|{r[2]}" if r[1] else "" for r in rows],
        statuses=np.array([STATUSES.index(s) for s in statuses], dtype=np.int8),
    )
    index = VendorIndex.build(table)
    with _vendor_lock:
        _vendor.update(stamp=stamp, index=index)
    return index


def forget_vendor_index() -> None:
    with _vendor_lock:
        _vendor.update(stamp=None, index=None)


@dataclass(frozen=True)
class ListSummary:
    accounts: int
    shared: int


def account_list_replace(*, actor: Actor, partner: Partner, rows: list[AccountRow]) -> ListSummary:
    """Replace the partner's account list and recompute its overlap with the vendor's accounts."""
    require(actor, "cosell.upload_accounts", partner)
    return _store(actor, partner, _clean(rows))


# Lists up to this size are compared while the person waits (about a second); larger ones by a
# worker.
SYNC_LIMIT = 5_000


def account_list_upload(
    *, actor: Actor, partner: Partner, rows: list[AccountRow]
) -> AccountListUpload:
    """Take a new list: checked at once (a bad row refuses the whole file), compared now or in the
    background."""
    require(actor, "cosell.upload_accounts", partner)
    clean = _clean(rows)
    with transaction.atomic():
        upload = AccountListUpload.objects.create(
            partner=partner,
            accounts=len(clean),
            uploaded_by_id=actor.user_id,
            rows=[[r.name, r.country, r.status, r.domain] for r in clean],
        )
        events.record(actor, "account_list.uploaded", upload, after={"accounts": len(clean)})
        if len(clean) > SYNC_LIMIT:
            # Outbox: the job is written with the upload, so neither exists without the other.
            async_task(
                "trellis.cosell.tasks.process_account_list",
                upload.pk,
                task_name=f"account-list-{upload.pk}",
            )
        else:
            _process(upload.pk)
    upload.refresh_from_db()
    return upload


def account_list_process(*, upload_id: int) -> None:
    """Store a checked upload and recompute the overlap; safe to run twice (a redelivered job finds
    it
    done)."""
    try:
        _process(upload_id)
    except DomainError as exc:
        AccountListUpload.objects.filter(pk=upload_id, status=UploadStatus.QUEUED).update(
            status=UploadStatus.FAILED, error=exc.message, finished_at=timezone.now()
        )


def _process(upload_id: int) -> None:
    with transaction.atomic():
        # Lock the upload row alone (joins would put the nullable uploader under FOR UPDATE).
        upload = AccountListUpload.objects.select_for_update().get(pk=upload_id)
        if upload.status != UploadStatus.QUEUED:
            return
        uploader = upload.uploaded_by
        actor = actor_for_user(uploader) if uploader is not None and uploader.is_active else SYSTEM
        clean = [
            AccountRow(name, country, status, domain)
            for name, country, status, domain in upload.rows
        ]
        summary = _store(actor, upload.partner, clean)
        upload.status, upload.shared, upload.rows, upload.finished_at = (
            UploadStatus.DONE,
            summary.shared,
            [],
            timezone.now(),
        )
        upload.save()


def _delete_partner_accounts(partner_id: int) -> None:
    """Drop a partner's whole account list in one statement.

    The ORM's delete() would first read every row's id to look for rows that
    point at it; the only ones (overlaps) are deleted just before, and a list
    holds up to 200,000 accounts. Table and column names come from the model.
    """
    table = connection.ops.quote_name(PartnerAccount._meta.db_table)
    column = connection.ops.quote_name(PartnerAccount._meta.get_field("partner").column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [partner_id])  # noqa: S608


def _store(actor: Actor, partner: Partner, clean: list[AccountRow]) -> ListSummary:
    index = _vendor_index()
    accounts = [
        PartnerAccount(
            partner=partner,
            name=r.name,
            domain=r.domain,
            country=r.country,
            status=r.status,
            name_key=name_key(r.name, r.country),
            domain_key=domain_key(r.domain),
        )
        for r in clean
    ]
    table = AccountTable(
        ids=np.arange(len(accounts), dtype=np.int64),
        domains=[a.domain_key for a in accounts],
        names=[a.name_key for a in accounts],
        statuses=np.array([STATUSES.index(a.status) for a in accounts], dtype=np.int8),
    )
    found = overlap(index, table)
    with transaction.atomic():
        # One writer of a partner's list at a time (the refinement below takes it too).
        _policy(partner)
        # Overlaps first, then the list: each a single DELETE, not one per row.
        AccountOverlap.objects.filter(partner=partner).delete()
        _delete_partner_accounts(partner.pk)
        PartnerAccount.objects.bulk_create(accounts, batch_size=2000)
        AccountOverlap.objects.bulk_create(
            (
                AccountOverlap(
                    partner=partner,
                    partner_account=accounts[p],
                    customer_id=int(index.table.ids[v]),
                    vendor_status=STATUSES[int(index.table.statuses[v])],
                    partner_status=accounts[p].status,
                    by_domain=bool(d),
                )
                for v, p, d in zip(
                    found.vendor.tolist(),
                    found.partner.tolist(),
                    found.by_domain.tolist(),
                    strict=True,
                )
            ),
            batch_size=2000,
        )
        events.record(
            actor,
            "account_list.replaced",
            partner,
            partner_id=partner.pk,
            after={"accounts": len(accounts), "shared": len(found.partner)},
        )
        if len(found.partner) < len(accounts):
            # The exact keys are fast and never wrong; the matcher then looks again at what they
            # missed.
            async_task(
                "trellis.cosell.tasks.refine_overlap",
                partner.pk,
                accounts[0].pk,
                task_name=f"refine-overlap-{accounts[0].pk}",
            )
    return ListSummary(len(accounts), len(found.partner))


def overlap_refine(*, partner_id: int, first_account_id: int) -> int:
    """Look again, with the customers matcher, at the accounts the exact keys missed (typos, other
    spellings).

    Only matches the matcher calls the same company count, each vendor account at most once.
    Safe to run twice (it starts over), and a no-op once the list has been replaced.
    """
    with transaction.atomic():
        policy, _created = SharingPolicy.objects.select_for_update().get_or_create(
            partner_id=partner_id
        )
        if not PartnerAccount.objects.filter(partner_id=partner_id, pk=first_account_id).exists():
            return 0  # replaced since: the new list's own job refines it
        AccountOverlap.objects.filter(partner_id=partner_id, similarity__isnull=False).delete()
        index = _vendor_index()
        status_of = dict(zip(index.table.ids.tolist(), index.table.statuses.tolist(), strict=True))
        taken = set(
            AccountOverlap.objects.filter(partner_id=partner_id).values_list(
                "customer_id", flat=True
            )
        )
        missed = PartnerAccount.objects.filter(
            partner_id=partner_id, overlap__isnull=True
        ).values_list("pk", "name", "domain", "country", "status")
        found = []
        for pk, name, domain, country, status in missed.iterator():
            best = similar_companies(
                name=name, domain=domain, country=country, limit=1, min_score=SAME_COMPANY
            )
            customer_id = int(best[0].id) if best else None
            if customer_id is None or customer_id in taken or customer_id not in status_of:
                continue
            taken.add(customer_id)
            found.append(
                AccountOverlap(
                    partner_id=partner_id,
                    partner_account_id=pk,
                    customer_id=customer_id,
                    vendor_status=STATUSES[status_of[customer_id]],
                    partner_status=status,
                    similarity=round(best[0].score, 4),
                )
            )
        AccountOverlap.objects.bulk_create(found, batch_size=2000)
        events.record(SYSTEM, "account_list.refined", policy, after={"found": len(found)})
    return len(found)


def _policy(partner: Partner) -> SharingPolicy:
    policy, _created = SharingPolicy.objects.select_for_update().get_or_create(partner=partner)
    return policy


def sharing_offer(*, actor: Actor, partner: Partner, level: int) -> SharingPolicy:
    """The vendor sets how much it is willing to share with this partner (and see of it)."""
    require(actor, "cosell.set_sharing", partner)
    if level not in SharingLevel.values:
        raise InvalidInput(_("Choose counts only, names or full detail."), field="level")
    with transaction.atomic():
        policy = _policy(partner)
        before = policy.vendor_level
        policy.vendor_level, policy.updated_by_id = level, actor.user_id
        policy.save()
        events.record(
            actor, "sharing.offered", policy, before={"level": before}, after={"level": level}
        )
    return policy


def sharing_consent(*, actor: Actor, partner: Partner, level: int) -> SharingPolicy:
    """The partner agrees to share up to ``level``; the lower of the two levels applies."""
    require(actor, "cosell.consent", partner)
    if level not in SharingLevel.values:
        raise InvalidInput(_("Choose counts only, names or full detail."), field="level")
    with transaction.atomic():
        policy = _policy(partner)
        before = policy.partner_consent
        policy.partner_consent, policy.updated_by_id = level, actor.user_id
        policy.save()
        events.record(
            actor, "sharing.consented", policy, before={"level": before}, after={"level": level}
        )
    return policy
