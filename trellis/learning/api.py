"""API: the course catalogue, enrollments, certifications, and the public certificate check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from trellis.accounts.selectors import member_get, user_find
from trellis.core.api import Input, PageQuery, Problem, Ref, TooManyRequests, actor_of
from trellis.core.exceptions import InvalidInput, NotFound
from trellis.core.pagination import paginate_by_id
from trellis.core.throttle import limit_client

from . import selectors, services
from .models import CertificationAward, Enrollment

router = Router(tags=["learning"])


class CourseVersionOut(Schema):
    language: str
    number: int
    title: str
    minutes: int


class CourseOut(Schema):
    id: int
    code: str
    title: str
    summary: str
    language: str = Field(description="Language of the edition offered to you")
    languages: list[str]
    minutes: int
    modules: int
    micro: bool = Field(description="Every module takes five minutes or less")
    product_family: str | None


@router.get("/courses", response={200: list[CourseOut]}, summary="Published courses")
def list_courses(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    language: str = Query("", max_length=8, description="Default: your own language"),
) -> list[dict[str, Any]]:
    actor = actor_of(request)
    me = user_find(user_id=actor.user_id or 0)
    wanted = language or (me.language if me is not None else "") or "en"
    return [
        {
            "id": o.course.pk,
            "code": o.course.code,
            "title": o.version.title,
            "summary": o.version.summary,
            "language": o.version.language,
            "languages": list(o.languages),
            "minutes": o.minutes,
            "modules": o.modules,
            "micro": o.micro,
            "product_family": o.course.product_family.code if o.course.product_family else None,
        }
        for o in selectors.course_catalogue(actor=actor, language=wanted, q=q)
    ]


class CourseEnrollmentOut(Schema):
    id: int
    user: int
    partner: int
    course: int
    course_code: str
    version: int
    language: str
    status: str
    source: str
    due_on: dt.date | None
    enrolled_at: dt.datetime
    completed_at: dt.datetime | None
    percent: int = Field(description="Share of modules done")


def _enrollment_out(e: Enrollment) -> dict[str, Any]:
    progress = selectors.progress_of(e)
    return {
        "id": e.pk,
        "user": e.user_id,
        "partner": e.partner_id,
        "course": e.course_id,
        "course_code": e.course.code,
        "version": e.version.number,
        "language": e.version.language,
        "status": e.status,
        "source": e.source,
        "due_on": e.due_on,
        "enrolled_at": e.enrolled_at,
        "completed_at": e.completed_at,
        "percent": progress.percent,
    }


class CourseEnrollmentFilters(PageQuery):
    user: Ref | None = None


class CourseEnrollmentPage(Schema):
    items: list[CourseEnrollmentOut]
    next_cursor: str | None


@router.get(
    "/enrollments",
    response={200: CourseEnrollmentPage, 422: Problem},
    summary="Enrollments you may see (yours; your team's as partner admin)",
)
def list_enrollments(
    request: HttpRequest, filters: Query[CourseEnrollmentFilters]
) -> dict[str, Any]:
    actor = actor_of(request)
    qs = selectors.enrollments(actor=actor, user_id=filters.user)
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {
        "items": [_enrollment_out(e) for e in page.items],
        "next_cursor": page.next_cursor,
    }


class CourseEnrollmentIn(Input):
    course: Ref
    user: Ref | None = Field(None, description="Whom to enrol (default: yourself)")
    due_on: dt.date | None = None


@router.post(
    "/enrollments",
    response={201: CourseEnrollmentOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Enrol yourself, a team member (partner admin) or a partner's person (vendor)",
)
def create_enrollment(request: HttpRequest, payload: CourseEnrollmentIn) -> Any:
    actor = actor_of(request)
    if payload.user is None or payload.user == actor.user_id:
        learner = member_get(actor=actor, user_id=actor.user_id or 0)
    else:
        learner = member_get(actor=actor, user_id=payload.user)
    if learner is None:
        if payload.user is None:
            raise InvalidInput(_("Name the person to enrol."), field="user")
        raise NotFound()
    course = selectors.course_get(actor=actor, course_id=payload.course)
    enrollment = services.enroll(actor=actor, learner=learner, course=course, due_on=payload.due_on)
    fresh = selectors.enrollments(actor=actor).get(pk=enrollment.pk)
    return Status(201, _enrollment_out(fresh))


class CertificationOut(Schema):
    id: int
    user: int
    partner: int
    holder: str
    certification: str
    certification_name: str
    code: str
    earned_at: dt.datetime
    expires_at: dt.datetime
    state: str = Field(description="valid, expiring, expired or revoked")


def _award_out(a: CertificationAward) -> dict[str, Any]:
    return {
        "id": a.pk,
        "user": a.user_id,
        "partner": a.partner_id,
        "holder": a.holder_name,
        "certification": a.certification.code,
        "certification_name": a.certification.name,
        "code": a.code,
        "earned_at": a.earned_at,
        "expires_at": a.expires_at,
        "state": a.state,
    }


class CertificationFilters(PageQuery):
    user: Ref | None = None
    valid_only: bool = False


class CertificationPage(Schema):
    items: list[CertificationOut]
    next_cursor: str | None


@router.get(
    "/certifications",
    response={200: CertificationPage, 422: Problem},
    summary="Certifications of the people you may see (a partner only its own people)",
)
def list_certifications(
    request: HttpRequest, filters: Query[CertificationFilters]
) -> dict[str, Any]:
    actor = actor_of(request)
    qs = selectors.certifications(
        actor=actor, user_id=filters.user, include_expired=not filters.valid_only
    )
    page = paginate_by_id(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_award_out(a) for a in page.items], "next_cursor": page.next_cursor}


class VerificationOut(Schema):
    holder: str
    certification: str
    earned_on: str
    expires_on: str
    valid: bool
    revoked: bool


@router.get(
    "/certifications/verify/{code}",
    response={200: VerificationOut, 404: Problem, 429: Problem},
    auth=None,
    summary="Check a certificate by its verification code (public, rate-limited): the "
    "holder's name, the certification and whether it is valid",
)
def verify_certificate(
    request: HttpRequest, code: str = Path(..., min_length=4, max_length=20)
) -> Any:
    refusal = limit_client(request, "certificate-verify")
    if refusal is not None:
        raise TooManyRequests(refusal.retry_after)
    found = selectors.verification(code)
    if found is None:
        raise NotFound(_("No certificate has this code."))
    return found.__dict__
