"""Onboarding: a new partner walks its journey (agreement, profile, team, learning, documents,
the vendor's verification, a first deal, first revenue). Steps tick themselves off from what
the partner did; the vendor verifies or waives the rest. When every step is done the partner
becomes active."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.accounts.selectors import partner_member_count
from trellis.core import events
from trellis.core.actor import SYSTEM, Actor
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.markdown import render_markdown
from trellis.core.policies import require
from trellis.core.uploads import document_type
from trellis.deals.selectors import first_registrations, first_wins
from trellis.learning.selectors import onboarding_paths_done
from trellis.partners.selectors import partner_types_of, profile_gaps
from trellis.partners.services import partner_set_status

from .. import policies  # noqa: F401  (registers the rules)
from ..choices import DocumentKind, DocumentStatus, StepKind, StepStatus
from ..models import (
    AgreementAcceptance,
    AgreementVersion,
    Journey,
    Onboarding,
    OnboardingStep,
    PartnerDocument,
)

MAX_DOCUMENT = 10_000_000
DOCUMENT_TYPES = ("application/pdf", "image/png", "image/jpeg")


def current_agreement() -> AgreementVersion | None:
    return AgreementVersion.objects.first()


def agreement_publish(*, actor: Actor, title: str, body: str) -> AgreementVersion:
    """Publish a new version; partners accept it from then on (older acceptances stay on
    record)."""
    require(actor, "lifecycle.configure")
    if not title.strip():
        raise InvalidInput(_("Give the agreement a title."), field="title")
    if not body.strip():
        raise InvalidInput(_("The agreement needs its text."), field="body")
    html = render_markdown(body)
    with transaction.atomic():
        number = (AgreementVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                version = AgreementVersion.objects.create(
                    number=number,
                    title=title.strip(),
                    body=body,
                    body_html=html,
                    published_by_id=actor.user_id,
                )
        except IntegrityError:
            raise Conflict(_("Another version was published at the same moment.")) from None
        events.record(actor, "agreement.published", version, after={"number": number})
    return version


def agreement_accept(
    *, actor: Actor, partner: Any, version_number: int, ip_address: str = "", user_agent: str = ""
) -> AgreementAcceptance:
    """Accept the current version for the company (its partner admin), recording who, when and
    from where; an outdated version is refused."""
    require(actor, "lifecycle.accept_agreement", partner)
    current = current_agreement()
    if current is None:
        raise InvalidInput(_("There is no agreement to accept yet."), field="version")
    if version_number != current.number:
        raise Conflict(
            _(
                "This is not the current agreement: version %(n)s was published since. Read it "
                "and accept that one."
            )
            % {"n": current.number},
            field="version",
        )
    with transaction.atomic():
        found = AgreementAcceptance.objects.filter(partner=partner, version=current).first()
        if found is not None:
            return found  # a double click, a retried request
        acceptance = AgreementAcceptance.objects.create(
            partner=partner,
            version=current,
            accepted_by_id=actor.user_id,
            accepted_by_name=actor.label,
            ip_address=ip_address or None,
            user_agent=user_agent[:300],
        )
        events.record(
            actor,
            "agreement.accepted",
            acceptance,
            after={"version": current.number, "ip": ip_address},
        )
    onboarding_refresh(partner_id=partner.pk)
    return acceptance


def journey_for(*, program_ids: list[int], partner_types: set[str]) -> Journey | None:
    """The journey that fits best: one for the partner's program and types, then the program,
    then the types, then any general one."""
    best, best_score = None, -1
    for journey in Journey.objects.filter(is_active=True).order_by("pk"):
        if journey.program_id is not None and journey.program_id not in program_ids:
            continue
        if journey.partner_types and not partner_types.intersection(journey.partner_types):
            continue
        score = 2 * (journey.program_id is not None) + bool(journey.partner_types)
        if score > best_score:
            best, best_score = journey, score
    return best


def onboarding_start(
    *, actor: Actor, partner: Any, program_ids: list[int], partner_types: set[str]
) -> Onboarding | None:
    """Start the partner's journey (once); None when no journey is set up."""
    journey = journey_for(program_ids=program_ids, partner_types=partner_types)
    if journey is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        onboarding, created = Onboarding.objects.get_or_create(
            partner=partner, defaults={"journey": journey, "started_at": now}
        )
        if not created:
            return onboarding
        OnboardingStep.objects.bulk_create(
            OnboardingStep(
                onboarding=onboarding, step=step, due_at=now + dt.timedelta(days=step.due_days)
            )
            for step in journey.steps.all()
        )
        events.record(actor, "onboarding.started", onboarding, after={"journey": journey.pk})
    return onboarding


def _facts(partner_id: int) -> dict[str, Any]:
    types = partner_types_of(partner_id=partner_id)
    current = current_agreement()
    learned, required = onboarding_paths_done(partner_id=partner_id, partner_types=types)
    return {
        "agreement": current is not None
        and AgreementAcceptance.objects.filter(partner_id=partner_id, version=current).exists(),
        "profile": not profile_gaps(partner_id=partner_id),
        "people": partner_member_count(partner_id=partner_id),
        "learning": learned >= required,
        "documents": set(
            PartnerDocument.objects.filter(partner_id=partner_id)
            .exclude(status=DocumentStatus.REJECTED)
            .values_list("kind", flat=True)
        ),
        "first_deal": partner_id in first_registrations(partner_ids=[partner_id]),
        "first_revenue": partner_id in first_wins(partner_ids=[partner_id]),
    }


def _met(kind: str, step: Any, facts: dict[str, Any]) -> bool:
    met: dict[str, bool] = {
        StepKind.ACCEPT_AGREEMENT: facts["agreement"],
        StepKind.COMPLETE_PROFILE: facts["profile"],
        StepKind.INVITE_TEAM: facts["people"] >= step.min_people,
        StepKind.COMPLETE_LEARNING: facts["learning"],
        StepKind.UPLOAD_DOCUMENT: step.document_kind in facts["documents"],
        StepKind.FIRST_DEAL: facts["first_deal"],
        StepKind.FIRST_REVENUE: facts["first_revenue"],
    }
    return bool(met.get(kind, False))


def onboarding_refresh(*, partner_id: int) -> Onboarding | None:
    """Tick off the steps the partner's actions completed; finish the journey (the partner
    becomes active) when nothing is left. Safe to run any number of times."""
    onboarding = Onboarding.objects.filter(partner_id=partner_id).first()
    if onboarding is None or onboarding.completed_at is not None:
        return onboarding
    facts = _facts(partner_id)
    now = timezone.now()
    with transaction.atomic():
        steps = list(
            OnboardingStep.objects.select_for_update()
            .filter(onboarding=onboarding, status=StepStatus.OPEN)
            .select_related("step")
        )
        for s in steps:
            if _met(s.step.kind, s.step, facts):
                s.status, s.done_at = StepStatus.DONE, now
                s.save(update_fields=["status", "done_at"])
                events.record(
                    SYSTEM,
                    "onboarding.step_done",
                    s,
                    partner_id=partner_id,
                    after={"step": s.step.title},
                )
        if not onboarding.steps.filter(status=StepStatus.OPEN).exists():
            _complete(onboarding, now)
    return onboarding


def _complete(onboarding: Onboarding, now: dt.datetime) -> None:
    onboarding.completed_at = now
    onboarding.save(update_fields=["completed_at"])
    events.record(SYSTEM, "onboarding.completed", onboarding, after={"completed_at": now})
    partner = onboarding.partner
    if partner.status == "onboarding":
        partner_set_status(
            actor=SYSTEM, partner=partner, status="active", note=_("Onboarding completed.")
        )


def step_close(
    *, actor: Actor, step: OnboardingStep, waive: bool, note: str = ""
) -> OnboardingStep:
    """The vendor verifies a step (its verification step, or any step it checked itself) or
    waives it, with a note."""
    partner = step.onboarding.partner
    require(actor, "lifecycle.verify_onboarding", partner)
    if waive and not note.strip():
        raise InvalidInput(_("Say why the step is waived."), field="note")
    with transaction.atomic():
        locked = OnboardingStep.objects.select_for_update().get(pk=step.pk)
        if locked.status != StepStatus.OPEN:
            return locked
        locked.status = StepStatus.WAIVED if waive else StepStatus.DONE
        locked.done_at, locked.done_by_id, locked.note = timezone.now(), actor.user_id, note.strip()
        locked.save()
        events.record(
            actor,
            "onboarding.step_waived" if waive else "onboarding.step_done",
            locked,
            partner_id=partner.pk,
            after={"step": locked.step.title},
            note=note.strip(),
        )
    onboarding_refresh(partner_id=partner.pk)
    return locked


def document_upload(
    *, actor: Actor, partner: Any, kind: str, upload: IO[bytes], filename: str, size: int
) -> PartnerDocument:
    """Keep a document the partner sends (PDF, PNG or JPEG, by content; at most 10 MB)."""
    require(actor, "lifecycle.upload_documents", partner)
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Choose what kind of document this is."), field="kind")
    if size > MAX_DOCUMENT:
        raise InvalidInput(_("The file is larger than 10 MB."), field="file")
    content_type = document_type(upload, filename, field="file", kinds=DOCUMENT_TYPES)
    clean = filename.replace("/", "_").replace("\\", "_")[-200:]
    with transaction.atomic():
        document = PartnerDocument.objects.create(
            partner=partner,
            kind=kind,
            file=ContentFile(upload.read(), name=clean),
            original_name=clean,
            content_type=content_type,
            size=size,
            uploaded_by_id=actor.user_id,
        )
        events.record(actor, "document.uploaded", document, after={"kind": kind, "name": clean})
    onboarding_refresh(partner_id=partner.pk)
    return document


def document_review(
    *, actor: Actor, document: PartnerDocument, accept: bool, note: str = ""
) -> PartnerDocument:
    require(actor, "lifecycle.verify_onboarding", document.partner)
    if not accept and not note.strip():
        raise InvalidInput(
            _("Say what is wrong, so the partner can send a better one."), field="note"
        )
    with transaction.atomic():
        document.status = DocumentStatus.ACCEPTED if accept else DocumentStatus.REJECTED
        document.reviewed_by_id, document.review_note = actor.user_id, note.strip()
        document.save(update_fields=["status", "reviewed_by", "review_note"])
        events.record(
            actor,
            f"document.{document.status}",
            document,
            after={"status": document.status},
            note=note.strip(),
        )
    return document
