"""API: partner applications (anyone may apply; the vendor reviews)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema, Status
from pydantic import Field

from trellis.core.api import (
    Input,
    ObjectId,
    PageQuery,
    Problem,
    Ref,
    Slug,
    TooManyRequests,
    actor_of,
    body_of,
    documented_body,
)
from trellis.core.pagination import paginate_by_id
from trellis.core.throttle import limit_client
from trellis.customers.choices import EmployeeBandValue, IndustryValue
from trellis.partners.choices import PartnerTypeValue

from .. import selectors, services
from ..choices import (
    ApplicationSource,
    ApplicationStatusValue,
    EsgCertificationValue,
    EsgPolicyValue,
    EsgReportingValue,
)
from ..models import Application

router = Router(tags=["lifecycle"])


class ApplicationCompanyIn(Input):
    name: str = Field(min_length=1, max_length=200)
    website: str = Field(min_length=4, max_length=300, description="https://example.com")
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    city: str = Field(default="", max_length=120)
    size: EmployeeBandValue | None = Field(default=None, description="Employees")


class ApplicationContactIn(Input):
    name: str = Field(min_length=1, max_length=150)
    email: str = Field(min_length=3, max_length=254)
    phone: str = Field(default="", max_length=40)


class ApplicationEsgIn(Input):
    certifications: list[EsgCertificationValue] = Field(default_factory=list, max_length=10)
    policies: list[EsgPolicyValue] = Field(default_factory=list, max_length=10)
    reporting: list[EsgReportingValue] = Field(default_factory=list, max_length=10)


class ApplicationIn(Input):
    company: ApplicationCompanyIn
    contact: ApplicationContactIn
    partner_types: list[PartnerTypeValue] = Field(min_length=1, max_length=8)
    specializations: list[Slug] = Field(
        default_factory=list, max_length=50, description="Specialization codes"
    )
    industries: list[IndustryValue] = Field(default_factory=list, max_length=20)
    customers_served: str = Field(default="", max_length=2000)
    certifications_held: str = Field(default="", max_length=2000)
    esg: ApplicationEsgIn = Field(default_factory=ApplicationEsgIn)
    message: str = Field(default="", max_length=4000)
    language: Literal["en", "de", "fr", "es", "ja"] = Field(
        "en", description="The language to answer the applicant in"
    )


class ApplicationFactorOut(Schema):
    code: str
    points: float
    max_points: float
    matched: list[str]
    missing: list[str]


class ApplicationDuplicateOut(Schema):
    partner: int
    name: str
    score: float
    relation: str
    evidence: list[str]


class ApplicationCreatedOut(Schema):
    id: int
    status: ApplicationStatusValue
    fit_score: int = Field(description="0 to 100: how close the company comes to the profile")


class ApplicationOut(ApplicationCreatedOut):
    company: str
    website: str
    domain: str
    country: str
    partner_types: list[str]
    fit_factors: list[ApplicationFactorOut]
    fit_blocked_by: list[str] = Field(description="Required ESG facts the applicant lacks")
    duplicates: list[ApplicationDuplicateOut] = Field(
        description="Existing partners this company may already be"
    )
    contact_name: str
    contact_email: str
    source: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str
    partner: int | None


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None


def _out(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "status": a.status,
        "fit_score": a.fit_score,
        "company": a.company_name,
        "website": a.website,
        "domain": a.domain,
        "country": a.country,
        "partner_types": a.partner_types,
        "fit_factors": a.fit_factors,
        "fit_blocked_by": a.fit_blocked_by,
        "duplicates": a.duplicates,
        "contact_name": a.contact_name,
        "contact_email": a.contact_email,
        "source": a.source,
        "created_at": a.created_at,
        "decided_at": a.decided_at,
        "decision_reason": a.decision_reason,
        "partner": a.partner_id,
    }


@router.post(
    "/applications",
    response={201: ApplicationCreatedOut, 409: Problem, 422: Problem, 429: Problem},
    auth=None,
    summary="Apply to become a partner (public, rate-limited): answers with the fit score",
)
def create_application(request: HttpRequest, payload: ApplicationIn) -> Any:
    refusal = limit_client(request, "partner-application")
    if refusal is not None:
        raise TooManyRequests(refusal.retry_after)
    c, who, esg = payload.company, payload.contact, payload.esg
    with translation.override(payload.language):
        application = services.application_submit(
            data=services.ApplicationInput(
                company_name=c.name,
                website=c.website,
                country=c.country.upper(),
                city=c.city,
                size=c.size or "",
                contact_name=who.name,
                contact_email=who.email,
                contact_phone=who.phone,
                partner_types=list(payload.partner_types),
                specializations=payload.specializations,
                industries=list(payload.industries),
                customers_served=payload.customers_served,
                certifications_held=payload.certifications_held,
                esg=[*esg.certifications, *esg.policies, *esg.reporting],
                message=payload.message,
                language=payload.language,
                source=ApplicationSource.API,
            )
        )
    return Status(
        201,
        {"id": application.pk, "status": application.status, "fit_score": application.fit_score},
    )


class ApplicationFilters(PageQuery):
    status: Literal["open", "submitted", "on_hold", "accepted", "rejected", "all"] = "open"


@router.get(
    "/applications",
    response={200: ApplicationPage, 422: Problem},
    summary="Applications to review (vendor staff; a partner sees none)",
)
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]) -> dict[str, Any]:
    status = "" if filters.status == "all" else filters.status
    qs = selectors.applications(actor=actor_of(request), status=status)
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_out(a) for a in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, 404: Problem},
    summary="One application with its fit factors and possible duplicates",
)
def get_application(request: HttpRequest, application_id: ObjectId) -> dict[str, Any]:
    return _out(selectors.application_get(actor=actor_of(request), application_id=application_id))


class ApplicationDecisionIn(Input):
    reason: str = Field(default="", max_length=2000)


class ApplicationAcceptIn(ApplicationDecisionIn):
    tier: Ref | None = Field(None, description="Enrol the new partner at this tier")
    channel_manager: Ref | None = Field(None, description="Vendor staff user id")


@router.post(
    "/applications/{application_id}/accept",
    response={200: ApplicationOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Accept: the partner is created in onboarding and its contact invited as admin",
    openapi_extra=documented_body(ApplicationAcceptIn),
)
def accept_application(request: HttpRequest, application_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    application = selectors.application_get(actor=actor, application_id=application_id)
    body = body_of(request, ApplicationAcceptIn)
    done = services.application_accept(
        actor=actor,
        application=application,
        reason=body.reason,
        tier_id=body.tier,
        channel_manager_id=body.channel_manager,
    )
    return _out(done.application)


@router.post(
    "/applications/{application_id}/reject",
    response={200: ApplicationOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Reject, with the reason kept on record (the applicant is told without it)",
    openapi_extra=documented_body(ApplicationDecisionIn),
)
def reject_application(request: HttpRequest, application_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    application = selectors.application_get(actor=actor, application_id=application_id)
    body = body_of(request, ApplicationDecisionIn)
    return _out(
        services.application_reject(actor=actor, application=application, reason=body.reason)
    )


@router.post(
    "/applications/{application_id}/hold",
    response={200: ApplicationOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Put on hold, with the reason",
    openapi_extra=documented_body(ApplicationDecisionIn),
)
def hold_application(request: HttpRequest, application_id: ObjectId) -> dict[str, Any]:
    actor = actor_of(request)
    application = selectors.application_get(actor=actor, application_id=application_id)
    body = body_of(request, ApplicationDecisionIn)
    return _out(services.application_hold(actor=actor, application=application, reason=body.reason))
