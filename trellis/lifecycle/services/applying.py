"""A company applies to become a partner: checked, scored against the Ideal Partner Profile,
compared with the partners already in the program, and put in front of the reviewers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from trellis.accounts.selectors import staff_recipients
from trellis.core import events
from trellis.core.actor import SYSTEM
from trellis.core.countries import is_country
from trellis.core.exceptions import Conflict, InvalidInput
from trellis.core.mail import queue_email
from trellis.core.notifications import notify
from trellis.core.roles import StaffRole
from trellis.customers.choices import EmployeeBand, Industry
from trellis.customers.engine.names import normalize_domain
from trellis.partners.choices import PartnerType
from trellis.partners.selectors import specializations

from ..choices import ApplicationSource, EsgFact
from ..engine.fit import Fit, score
from ..models import Application
from ..selectors import fit as fit_reads
from .known import KnownPartners


@dataclass(frozen=True)
class ApplicationInput:
    company_name: str
    website: str
    country: str
    contact_name: str
    contact_email: str
    partner_types: list[str]
    city: str = ""
    specializations: list[str] = field(default_factory=list)
    size: str = ""
    industries: list[str] = field(default_factory=list)
    customers_served: str = ""
    certifications_held: str = ""
    esg: list[str] = field(default_factory=list)
    contact_phone: str = ""
    message: str = ""
    language: str = "en"
    source: str = ApplicationSource.WEB


def _unknown(values: list[str], known: set[str] | frozenset[str]) -> list[str]:
    return sorted({v for v in values if v not in known})


def validate(data: ApplicationInput) -> list[tuple[str, str]]:
    """Every problem with the application, as (field, message), first one first."""
    errors: list[tuple[str, str]] = []
    if not data.company_name.strip():
        errors.append(("company_name", _("Enter your company's name.")))
    try:
        URLValidator(schemes=["http", "https"])(data.website.strip())
        domain = normalize_domain(data.website)
        if "." not in domain:
            raise ValidationError("no domain")
    except ValidationError:
        errors.append(
            ("website", _("Enter your company's web address, such as https://example.com."))
        )
    if not is_country(data.country):
        errors.append(("country", _("Choose a country from the list.")))
    if not data.partner_types:
        errors.append(("partner_types", _("Choose at least one kind of partnership.")))
    checks = [
        (
            "partner_types",
            data.partner_types,
            frozenset(PartnerType.values),
            _("Unknown partner type: %(v)s."),
        ),
        ("industries", data.industries, frozenset(Industry.values), _("Unknown industry: %(v)s.")),
        ("esg", data.esg, frozenset(EsgFact.values), _("Unknown ESG fact: %(v)s.")),
    ]
    if data.specializations:
        known = set(specializations().values_list("slug", flat=True))
        checks.append(
            (
                "specializations",
                data.specializations,
                frozenset(known),
                _("Unknown specialization: %(v)s."),
            )
        )
    for name, values, known_values, message in checks:
        bad = _unknown(values, known_values)
        if bad:
            errors.append((name, message % {"v": ", ".join(bad)}))
    if data.size and data.size not in EmployeeBand.values:
        errors.append(("size", _("Choose a company size from the list.")))
    if not data.contact_name.strip():
        errors.append(("contact_name", _("Enter the name of the person we should contact.")))
    try:
        validate_email(data.contact_email.strip())
    except ValidationError:
        errors.append(("contact_email", _("Enter a valid e-mail address.")))
    return errors


def fit_for(data: ApplicationInput) -> tuple[Fit, int | None]:
    """The application's fit and the model run that contributed to it (None: profile only)."""
    model, run = fit_reads.trusted_model()
    profile = fit_reads.profile_of(fit_reads.ideal_profile())
    candidate = fit_reads.candidate(
        country=data.country,
        partner_types=data.partner_types,
        industries=data.industries,
        specializations=data.specializations,
        size=data.size,
        esg=data.esg,
    )
    return score(candidate, profile, model), (run.pk if run is not None and model else None)


def possible_duplicates(
    *, name: str, domain: str, country: str, city: str
) -> list[dict[str, object]]:
    """Existing partners this company may already be (see KnownPartners)."""
    return KnownPartners.load().find(name=name, domain=domain, country=country, city=city)


def application_submit(*, data: ApplicationInput) -> Application:
    """Record an application (from the public page or the API); nothing is stored when any
    field is wrong or the company already has one waiting."""
    errors = validate(data)
    if errors:
        name, message = errors[0]
        raise InvalidInput(message, field=name)
    domain = normalize_domain(data.website)
    fit, run_id = fit_for(data)
    duplicates = possible_duplicates(
        name=data.company_name.strip(), domain=domain, country=data.country, city=data.city.strip()
    )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                company_name=data.company_name.strip(),
                website=data.website.strip(),
                domain=domain,
                country=data.country,
                city=data.city.strip(),
                partner_types=sorted(set(data.partner_types)),
                specializations=sorted(set(data.specializations)),
                size=data.size,
                industries=sorted(set(data.industries)),
                customers_served=data.customers_served.strip(),
                certifications_held=data.certifications_held.strip(),
                esg=sorted(set(data.esg)),
                contact_name=data.contact_name.strip(),
                contact_email=data.contact_email.strip().lower(),
                contact_phone=data.contact_phone.strip(),
                message=data.message.strip(),
                language=data.language or "en",
                source=data.source,
                fit_score=fit.score,
                fit_factors=fit_reads.factors_out(fit),
                fit_blocked_by=list(fit.blocked_by),
                fit_model_id=run_id,
                duplicates=duplicates,
            )
            events.record(
                SYSTEM,
                "application.submitted",
                application,
                after={"company": application.company_name, "fit_score": fit.score},
            )
            _tell_reviewers(application)
            _acknowledge(application)
    except IntegrityError:
        raise Conflict(
            _("An application from %(d)s is already being reviewed; we will be in touch.")
            % {"d": domain},
            field="website",
        ) from None
    return application


def _tell_reviewers(application: Application) -> None:
    url = reverse("console:application_detail", args=[application.pk])

    def render() -> tuple[str, str]:
        return (
            _("New partner application: %(c)s") % {"c": application.company_name},
            _("Fit score %(s)s of 100. Review it in the console.") % {"s": application.fit_score},
        )

    notify(
        staff_recipients(roles=(StaffRole.PARTNER_OPS,)),
        verb="application.submitted",
        partner_id=None,
        url=url,
        render=render,
        dedupe_key=f"application-{application.pk}",
    )


def _acknowledge(application: Application) -> None:
    with translation.override(application.language):
        subject = _("We received your partner application")
        body = _(
            "Hello %(n)s,\n\nthank you for applying to the %(p)s on behalf of %(c)s. Our "
            "channel team reviews every application and will answer you by e-mail."
        ) % {
            "n": application.contact_name,
            "p": settings.TRELLIS_PROGRAM_NAME,
            "c": application.company_name,
        }
    queue_email(to=application.contact_email, subject=subject, body_text=body)
