"""A deterministic, realistic synthetic partner ecosystem, loaded with bulk inserts.

This is a fixture loader: it writes many apps' tables directly (bulk_create)
instead of going through their services, because seeding 10,000 partners
one audited service call at a time would take minutes. Everything it writes
satisfies the same database constraints the services rely on.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from trellis.accounts.models import RoleGrant, User
from trellis.catalog.models import Product, ProductFamily, ProductPrice
from trellis.core import places
from trellis.core.roles import PartnerRole, StaffRole
from trellis.customers.engine.names import normalize_company_name
from trellis.customers.models import CustomerAccount, EmployeeBand, Industry
from trellis.partners.choices import PartnerStatus, PartnerType, TierMetric
from trellis.partners.models import (
    Partner,
    PartnerCountry,
    PartnerRegion,
    PartnerTypeAssignment,
    Program,
    ProgramEnrollment,
    Specialization,
    Tier,
    TierRequirement,
)
from trellis.partners.services import build_search_text

from .customer_names import CustomerNames, ascii_fold
from .locales import LOCALES, Locale

DEMO_PASSWORD = "trellis-demo-2026"
ADMIN_EMAIL = "admin@trellis.example"
BATCH = 2000
# Latin stems for Japanese partners' domains (their names are written in Japanese).
JAPANESE_ASCII_STEMS = (
    "fuji",
    "yamato",
    "sakura",
    "aoba",
    "hokuto",
    "sanwa",
    "toho",
    "nihon",
    "hikari",
    "shinsei",
    "asahi",
    "mizuho",
)


STATUS_WEIGHTS = [
    (PartnerStatus.ACTIVE, 70),
    (PartnerStatus.ONBOARDING, 10),
    (PartnerStatus.APPLICANT, 6),
    (PartnerStatus.SUSPENDED, 4),
    (PartnerStatus.OFFBOARDING, 4),
    (PartnerStatus.OFFBOARDED, 6),
]
TYPE_WEIGHTS = [
    (PartnerType.RESELLER, 30),
    (PartnerType.VAR, 18),
    (PartnerType.SYSTEM_INTEGRATOR, 14),
    (PartnerType.MSP, 14),
    (PartnerType.ISV, 9),
    (PartnerType.REFERRAL, 8),
    (PartnerType.DISTRIBUTOR, 3),
    (PartnerType.MARKETPLACE, 4),
]
# Slug, English name, and the vendor's names in the other portal languages (de, fr, es, ja).
SPECIALIZATIONS = [
    (
        "cloud-migration",
        "Cloud migration",
        ("Cloud-Migration", "Migration vers le cloud", "Migración a la nube", "クラウド移行"),
    ),
    ("security", "Security", ("Sicherheit", "Sécurité", "Seguridad", "セキュリティ")),
    (
        "data-analytics",
        "Data & analytics",
        ("Daten & Analytik", "Données et analytique", "Datos y analítica", "データ分析"),
    ),
    ("networking", "Networking", ("Netzwerke", "Réseaux", "Redes", "ネットワーク")),
    (
        "ai-ml",
        "AI & machine learning",
        (
            "KI & maschinelles Lernen",
            "IA et apprentissage automatique",
            "IA y aprendizaje automático",
            "AI・機械学習",
        ),
    ),
    (
        "managed-services",
        "Managed services",
        ("Managed Services", "Services managés", "Servicios gestionados", "マネージドサービス"),
    ),
    (
        "healthcare",
        "Healthcare vertical",
        ("Gesundheitswesen", "Secteur de la santé", "Sector sanitario", "ヘルスケア業界"),
    ),
    (
        "public-sector",
        "Public sector",
        ("Öffentlicher Sektor", "Secteur public", "Sector público", "公共部門"),
    ),
    (
        "finance",
        "Financial services",
        ("Finanzdienstleistungen", "Services financiers", "Servicios financieros", "金融サービス"),
    ),
    (
        "manufacturing",
        "Manufacturing vertical",
        ("Fertigungsindustrie", "Industrie manufacturière", "Sector manufacturero", "製造業"),
    ),
    ("edge-iot", "Edge & IoT", ("Edge & IoT", "Edge et IoT", "Edge e IoT", "エッジ・IoT")),
    ("devops", "DevOps", ("DevOps", "DevOps", "DevOps", "DevOps")),
]
PROGRAMS = [
    (
        "reseller",
        "Reseller program",
        [
            ("Registered", "5", "0", False, 0, {TierMetric.ANNUAL_REVENUE: "0"}),
            (
                "Silver",
                "12",
                "3",
                False,
                1,
                {TierMetric.ANNUAL_REVENUE: "250000", TierMetric.CERTIFICATIONS: "2"},
            ),
            (
                "Gold",
                "20",
                "6",
                True,
                2,
                {
                    TierMetric.ANNUAL_REVENUE: "1000000",
                    TierMetric.CERTIFICATIONS: "5",
                    TierMetric.REGISTERED_DEALS: "12",
                },
            ),
            (
                "Platinum",
                "28",
                "10",
                True,
                3,
                {
                    TierMetric.ANNUAL_REVENUE: "5000000",
                    TierMetric.CERTIFICATIONS: "12",
                    TierMetric.REGISTERED_DEALS: "40",
                    TierMetric.CSAT: "4.5",
                },
            ),
        ],
    ),
    (
        "msp",
        "Managed service provider program",
        [
            ("Authorized", "8", "2", False, 0, {TierMetric.ANNUAL_REVENUE: "0"}),
            (
                "Advanced",
                "15",
                "5",
                True,
                1,
                {TierMetric.ANNUAL_REVENUE: "500000", TierMetric.CERTIFICATIONS: "4"},
            ),
            (
                "Premier",
                "22",
                "8",
                True,
                2,
                {
                    TierMetric.ANNUAL_REVENUE: "2000000",
                    TierMetric.CERTIFICATIONS: "10",
                    TierMetric.CSAT: "4.3",
                },
            ),
        ],
    ),
    (
        "technology",
        "Technology alliance",
        [
            ("Member", "0", "0", False, 0, {}),
            ("Select", "0", "2", True, 1, {TierMetric.INFLUENCED_REVENUE: "500000"}),
            (
                "Strategic",
                "0",
                "4",
                True,
                2,
                {TierMetric.INFLUENCED_REVENUE: "3000000", TierMetric.CERTIFICATIONS: "6"},
            ),
        ],
    ),
    (
        "referral",
        "Referral program",
        [
            ("Affiliate", "0", "0", False, 0, {}),
            ("Ambassador", "0", "0", False, 1, {TierMetric.INFLUENCED_REVENUE: "250000"}),
        ],
    ),
]
PROGRAM_FOR_TYPE = {
    PartnerType.RESELLER: "reseller",
    PartnerType.VAR: "reseller",
    PartnerType.DISTRIBUTOR: "reseller",
    PartnerType.SYSTEM_INTEGRATOR: "reseller",
    PartnerType.MSP: "msp",
    PartnerType.ISV: "technology",
    PartnerType.MARKETPLACE: "technology",
    PartnerType.REFERRAL: "referral",
}
PRODUCT_FAMILIES = [
    (
        "platform",
        "Trellis Cloud Platform",
        [
            ("Platform Standard", 12000),
            ("Platform Enterprise", 48000),
            ("Platform Add-on: Analytics", 6000),
        ],
    ),
    (
        "security",
        "Security Suite",
        [
            ("Endpoint Protect", 3500),
            ("Zero Trust Gateway", 22000),
            ("Threat Intelligence Feed", 9000),
        ],
    ),
    (
        "network",
        "Networking",
        [("Edge Router 200", 2800), ("Edge Router 900", 7900), ("SD-WAN Licence", 4200)],
    ),
    (
        "data",
        "Data Services",
        [("Data Lakehouse", 30000), ("Streaming Connect", 8000), ("Backup Vault", 5000)],
    ),
    (
        "services",
        "Professional Services",
        [("Implementation Day", 1800), ("Health Check", 4500), ("Premium Support", 15000)],
    ),
]
# Partners with these specializations are the experts lead routing looks for.
FAMILY_SPECIALIZATIONS = {
    "platform": ["cloud-migration", "devops"],
    "security": ["security"],
    "network": ["networking", "edge-iot"],
    "data": ["data-analytics", "ai-ml"],
    "services": ["managed-services"],
}
FX = {"USD": Decimal("1"), "EUR": Decimal("0.92"), "GBP": Decimal("0.79"), "JPY": Decimal("151")}


@dataclass
class SeedReport:
    partners: int = 0
    users: int = 0
    customers: int = 0
    products: int = 0
    deals: int = 0
    conflicts: int = 0
    leads: int = 0
    cosells: int = 0
    bundles: int = 0
    courses: int = 0
    enrollments: int = 0
    certifications: int = 0
    applications: int = 0
    fund_requests: int = 0
    statements: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def _slug_domain(name: str, tld: str, n: int) -> str:
    base = ascii_fold(name)[:24] or "partner"
    return f"{base}{n}.{tld}" if n else f"{base}.{tld}"


def company_name(rng: random.Random, loc: Locale) -> tuple[str, str, str]:
    """(trading name, legal name, ascii stem for the domain)."""
    stem, word = rng.choice(loc.stems), rng.choice(loc.words)
    form = rng.choice(loc.legal_forms)
    if loc.legal_form_first:
        name = f"{stem}{word}"
        legal = f"{form}{name}" if form == "株式会社" and rng.random() < 0.6 else f"{name}{form}"
        ascii_stem = f"jp{rng.choice(JAPANESE_ASCII_STEMS)}"
        return name, legal, ascii_stem
    name = f"{stem} {word}"
    return name, f"{name} {form}", ascii_fold(stem) + ascii_fold(word)[:6]


class EcosystemGenerator:
    def __init__(
        self,
        *,
        partners: int,
        seed: int,
        users_per_partner: float = 5.0,
        customers: int | None = None,
        deals: int | None = None,
        leads: int | None = None,
    ) -> None:
        self.n_partners = partners
        self.rng = random.Random(seed)
        self.users_per_partner = users_per_partner
        self.n_customers = customers if customers is not None else partners * 20
        self.deals = deals if deals is not None else min(300, partners)
        self.leads = leads if leads is not None else min(1500, partners * 3)
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo user
        self.report = SeedReport()
        self._emails: set[str] = set()
        self._domains: set[str] = set()

    def run(self) -> SeedReport:
        with transaction.atomic():
            specs = self._specializations()
            tiers = self._programs()
            self._catalogue()
            staff = self._staff()
            partner_ids = self._partners(staff, specs, tiers)
            self._partner_users(partner_ids)
            self._customers(partner_ids)
        if self.deals:
            from .deals import seed_deals

            made = seed_deals(count=self.deals, seed=self.rng.randrange(1 << 30))
            self.report.deals, self.report.conflicts = made.registrations, made.conflicts
        if self.leads:
            from .leads import seed_leads

            history = seed_leads(
                history=self.leads,
                live=min(60, self.leads // 4 + 1),
                seed=self.rng.randrange(1 << 30),
            )
            self.report.leads = history.history + history.live
            from .mapping import seed_mapping

            seed_mapping(
                partners=min(25, self.n_partners // 10 + 3), seed=self.rng.randrange(1 << 30)
            )
            from .cosell import seed_cosell

            made_together = seed_cosell(seed=self.rng.randrange(1 << 30))
            self.report.cosells = made_together.live + made_together.closed
            self.report.bundles = made_together.bundles
        from .learning import seed_learning

        logins = [email for email, what in self.report.logins if what == "partner admin"]
        learned = seed_learning(seed=self.rng.randrange(1 << 30), logins=logins)
        self.report.courses = learned.courses
        self.report.enrollments = learned.enrollments
        self.report.certifications = learned.certifications
        from .history import seed_history

        self.report.deals += seed_history(seed=self.rng.randrange(1 << 30))
        from .history import evaluate_tiers

        evaluate_tiers()
        from .recruitment import seed_recruitment

        self.report.applications = seed_recruitment(seed=self.rng.randrange(1 << 30))
        from .onboarding import seed_onboarding

        self.report.logins += seed_onboarding(password=DEMO_PASSWORD)
        from .funds import seed_funds

        self.report.fund_requests = seed_funds(seed=self.rng.randrange(1 << 30))
        from .incentives import seed_incentives

        self.report.statements = seed_incentives(seed=self.rng.randrange(1 << 30), logins=logins)
        return self.report

    # --- reference data ---------------------------------------------------------------

    def _specializations(self) -> list[Specialization]:
        for slug, name, others in SPECIALIZATIONS:
            names = dict(zip(("de", "fr", "es", "ja"), others, strict=True))
            Specialization.objects.get_or_create(slug=slug, defaults={"name": name, "names": names})
        return list(Specialization.objects.all())

    def _programs(self) -> dict[str, list[Tier]]:
        out: dict[str, list[Tier]] = {}
        for slug, name, tiers in PROGRAMS:
            program, _ = Program.objects.get_or_create(slug=slug, defaults={"name": name})
            out[slug] = []
            for rank, (tname, disc, uplift, mdf, prio, reqs) in enumerate(tiers, start=1):
                tier, created = Tier.objects.get_or_create(
                    program=program,
                    rank=rank,
                    defaults={
                        "name": tname,
                        "discount_pct": Decimal(disc),
                        "deal_reg_uplift_pct": Decimal(uplift),
                        "mdf_eligible": mdf,
                        "lead_priority": prio,
                    },
                )
                if created:
                    TierRequirement.objects.bulk_create(
                        TierRequirement(tier=tier, metric=m, threshold=Decimal(v))
                        for m, v in reqs.items()
                    )
                out[slug].append(tier)
        return out

    def _catalogue(self) -> None:
        n = 0
        for code, fname, products in PRODUCT_FAMILIES:
            family, _ = ProductFamily.objects.get_or_create(code=code, defaults={"name": fname})
            family.specializations.add(
                *Specialization.objects.filter(slug__in=FAMILY_SPECIALIZATIONS.get(code, []))
            )
            for i, (pname, usd) in enumerate(products, start=1):
                sku = f"{code[:3].upper()}-{i:03d}"
                product, created = Product.objects.get_or_create(
                    sku=sku, defaults={"name": pname, "family": family}
                )
                if created:
                    ProductPrice.objects.bulk_create(
                        ProductPrice(
                            product=product,
                            currency=c,
                            list_price=(Decimal(usd) * rate).quantize(Decimal("1")),
                        )
                        for c, rate in FX.items()
                    )
                n += 1
        self.report.products = n

    def _staff(self) -> list[User]:
        people = [
            (ADMIN_EMAIL, "Alex Admin", [StaffRole.ADMIN]),
            ("ops@trellis.example", "Pat Operations", [StaffRole.PARTNER_OPS]),
            ("marketing@trellis.example", "Morgan Marketing", [StaffRole.MARKETING]),
            ("finance@trellis.example", "Frankie Finance", [StaffRole.FINANCE]),
            ("alliances@trellis.example", "Avery Alliances", [StaffRole.ALLIANCE_MANAGER]),
            ("analyst@trellis.example", "Ana Lyst", [StaffRole.ANALYST]),
        ]
        names = [
            "Jordan Lee",
            "Sam Rivera",
            "Taylor Kim",
            "Chris Novak",
            "Robin Schulz",
            "Yuki Tanaka",
            "Maria Costa",
            "Noah Dubois",
            "Priya Nair",
            "Ewan Walsh",
            "Lena Berg",
            "Diego Ruiz",
        ]
        for i, name in enumerate(names, start=1):
            people.append((f"cm{i}@trellis.example", name, [StaffRole.CHANNEL_MANAGER]))
        managers: list[User] = []
        for email, name, roles in people:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": name, "password": self.password_hash}
            )
            if created:
                RoleGrant.objects.bulk_create(RoleGrant(user=user, role=r) for r in roles)
            if StaffRole.CHANNEL_MANAGER in roles:
                managers.append(user)
        self.report.logins.append((ADMIN_EMAIL, "vendor admin"))
        self.report.logins.append(("cm1@trellis.example", "channel manager"))
        return managers

    # --- partners ---------------------------------------------------------------------

    def _partners(
        self, managers: list[User], specs: list[Specialization], tiers: dict[str, list[Tier]]
    ) -> list[int]:
        rng = self.rng
        start = Partner.objects.count()
        rows: list[Partner] = []
        types_by_row: list[list[str]] = []
        meta: list[tuple[Locale, str]] = []
        for i in range(self.n_partners):
            loc = rng.choice(LOCALES)
            country, cities = rng.choice(loc.countries)
            name, legal, ascii_stem = company_name(rng, loc)
            domain = self._unique_domain(ascii_stem, loc.tld)
            kinds = [_weighted(rng, TYPE_WEIGHTS)]
            if rng.random() < 0.25:
                kinds.append(_weighted(rng, TYPE_WEIGHTS))
            status = _weighted(rng, STATUS_WEIGHTS)
            if i < 3:  # the demo logins' partners are active, with several users
                status = PartnerStatus.ACTIVE
            city = rng.choice(cities)
            point = places.coordinates(country, city)
            manager = rng.choice(managers)  # drawn for every partner: the seed stays as it was
            if i < 3:  # the printed channel manager (cm1) decides for the demo logins' partners
                manager = managers[0]
            partner = Partner(
                name=name,
                legal_name=legal,
                website=f"https://www.{domain}",
                domain=domain,
                country=country,
                city=city,
                status=status,
                channel_manager=manager,
                latitude=round(point[0] + rng.uniform(-0.08, 0.08), 4) if point else None,
                longitude=round(point[1] + rng.uniform(-0.08, 0.08), 4) if point else None,
                lead_capacity=rng.choice([4, 6, 8, 10, 15, 25]),
                description=self._description(rng, name, kinds[0]) if rng.random() < 0.7 else "",
            )
            partner.search_text = build_search_text(partner)
            rows.append(partner)
            types_by_row.append(sorted(set(kinds)))
            meta.append((loc, country))
        Partner.objects.bulk_create(rows, batch_size=BATCH)
        ids = list(Partner.objects.order_by("pk").values_list("pk", flat=True)[start:])
        self._partner_details(ids, types_by_row, meta, specs, tiers)
        self.report.partners = len(ids)
        self._locale_of = {pid: m[0] for pid, m in zip(ids, meta, strict=True)}
        self._domain_of = {pid: p.domain for pid, p in zip(ids, rows, strict=True)}
        return ids

    def _description(self, rng: random.Random, name: str, kind: str) -> str:
        label = PartnerType(kind).label
        focus = rng.choice(
            [
                "mid-market manufacturers",
                "regional banks and insurers",
                "public-sector agencies",
                "hospitals and clinics",
                "retail chains",
                "fast-growing software companies",
            ]
        )
        return (
            f"{name} is a {str(label).lower()} serving {focus}, with certified engineers and "
            f"24/7 support."
        )

    def _unique_domain(self, stem: str, tld: str) -> str:
        n = 0
        while (domain := _slug_domain(stem, tld, n)) in self._domains:
            n += 1
        self._domains.add(domain)
        return domain

    def _partner_details(
        self,
        ids: list[int],
        types_by_row: list[list[str]],
        meta: list[tuple[Locale, str]],
        specs: list[Specialization],
        tiers: dict[str, list[Tier]],
    ) -> None:
        rng = self.rng
        type_rows: list[PartnerTypeAssignment] = []
        region_rows: list[PartnerRegion] = []
        country_rows: list[PartnerCountry] = []
        enrollments: list[ProgramEnrollment] = []
        spec_rows: list[Any] = []
        distributors: list[int] = []
        through = Partner.specializations.through
        for pid, kinds, (loc, country) in zip(ids, types_by_row, meta, strict=True):
            type_rows += [PartnerTypeAssignment(partner_id=pid, partner_type=k) for k in kinds]
            if PartnerType.DISTRIBUTOR in kinds:
                distributors.append(pid)
            region = places.region_of(country) or "emea"
            region_rows.append(PartnerRegion(partner_id=pid, region=region))
            served = {country} | {
                c for c, _ in rng.sample(loc.countries, min(len(loc.countries), rng.randint(0, 2)))
            }
            country_rows += [PartnerCountry(partner_id=pid, country=c) for c in sorted(served)]
            for spec in rng.sample(specs, rng.randint(0, 3)):
                spec_rows.append(through(partner_id=pid, specialization_id=spec.pk))
            for slug in sorted({PROGRAM_FOR_TYPE[PartnerType(k)] for k in kinds}):
                ladder = tiers[slug]
                tier = ladder[min(int(rng.expovariate(1.3)), len(ladder) - 1)]
                enrollments.append(
                    ProgramEnrollment(partner_id=pid, program_id=tier.program_id, tier=tier)
                )
        PartnerTypeAssignment.objects.bulk_create(type_rows, batch_size=BATCH)
        PartnerRegion.objects.bulk_create(region_rows, batch_size=BATCH)
        PartnerCountry.objects.bulk_create(country_rows, batch_size=BATCH)
        ProgramEnrollment.objects.bulk_create(enrollments, batch_size=BATCH)
        through.objects.bulk_create(spec_rows, batch_size=BATCH)
        # Two-tier distribution: some resellers buy through a distributor.
        if distributors:
            resellers = [
                pid
                for pid, kinds in zip(ids, types_by_row, strict=True)
                if PartnerType.RESELLER in kinds and PartnerType.DISTRIBUTOR not in kinds
            ]
            updates = [
                Partner(pk=pid, parent_id=rng.choice(distributors))
                for pid in resellers
                if rng.random() < 0.3
            ]
            Partner.objects.bulk_update(updates, ["parent"], batch_size=BATCH)

    # --- people -----------------------------------------------------------------------

    def _partner_users(self, partner_ids: list[int]) -> None:
        rng = self.rng
        users: list[User] = []
        roles: list[tuple[int, list[str]]] = []
        for index, pid in enumerate(partner_ids):
            loc = self._locale_of[pid]
            count = max(1, round(rng.gauss(self.users_per_partner, 1.5))) if index >= 3 else 4
            for j in range(count):
                full, email = self._person(loc, self._domain_of[pid])
                users.append(
                    User(
                        email=email,
                        full_name=full,
                        partner_id=pid,
                        password=self.password_hash,
                        language=loc.language,
                    )
                )
                kinds: list[str] = (
                    [PartnerRole.ADMIN]
                    if j == 0
                    else [
                        rng.choice(
                            [
                                PartnerRole.SALES,
                                PartnerRole.SALES,
                                PartnerRole.MARKETING,
                                PartnerRole.FINANCE,
                            ]
                        )
                    ]
                )
                roles.append((pid, kinds))
                if index < 3 and j == 0:
                    self.report.logins.append((email, "partner admin"))
        User.objects.bulk_create(users, batch_size=BATCH)
        emails = [u.email for u in users]
        id_by_email: dict[str, int] = {}
        for chunk in range(0, len(emails), 900):
            id_by_email.update(
                User.objects.filter(email__in=emails[chunk : chunk + 900]).values_list(
                    "email", "pk"
                )
            )
        grants = [
            RoleGrant(user_id=id_by_email[u.email], role=r, partner_id=pid)
            for u, (pid, kinds) in zip(users, roles, strict=True)
            for r in kinds
        ]
        RoleGrant.objects.bulk_create(grants, batch_size=BATCH)
        self.report.users = len(users)

    def _person(self, loc: Locale, domain: str) -> tuple[str, str]:
        rng = self.rng
        i, j = rng.randrange(len(loc.first_names)), rng.randrange(len(loc.last_names))
        first, last = loc.first_names[i], loc.last_names[j]
        if loc.romaji:
            full = f"{last} {first}"
            local = f"{loc.romaji[i][0]}.{loc.romaji[j][1]}"
        else:
            full = f"{first} {last}"
            local = f"{ascii_fold(first)}.{ascii_fold(last)}"
        email, n = f"{local}@{domain}", 1
        while email in self._emails:
            n += 1
            email = f"{local}{n}@{domain}"
        self._emails.add(email)
        return full, email

    # --- customers --------------------------------------------------------------------

    def _customers(self, partner_ids: list[int]) -> None:
        rows = list(self._customer_rows(partner_ids))
        CustomerAccount.objects.bulk_create(rows, batch_size=BATCH)
        self.report.customers = len(rows)

    def _customer_rows(self, partner_ids: list[int]) -> Iterator[CustomerAccount]:
        """Base accounts plus the variants real CRMs hold for the same company."""
        rng = self.rng
        countries = [c for loc in LOCALES for c, _ in loc.countries]
        names = CustomerNames(rng)
        industries, bands = Industry.values, EmployeeBand.values
        produced, n = 0, 0
        while produced < self.n_customers:
            n += 1
            country = rng.choice(countries)
            form = names.legal_form(country)
            base, domain = names.next(country)
            industry, band = rng.choice(industries), rng.choice(bands)
            owner = rng.choice(partner_ids) if rng.random() < 0.35 else None
            variants = [f"{base} {form}"]
            if rng.random() < 0.3:  # the CRM holds the same company more than once
                variants.append(self._variant(rng, base, form))
            for k, name in enumerate(variants):
                if produced >= self.n_customers:
                    break
                yield CustomerAccount(
                    name=name,
                    name_normalized=normalize_company_name(name),
                    domain=domain,
                    country=country,
                    industry=industry,
                    employee_band=band,
                    owner_partner_id=owner if k == 0 else rng.choice(partner_ids),
                    is_direct=owner is None and rng.random() < 0.3,
                    crm_external_id=f"CRM-{n:07d}-{k}",
                )
                produced += 1

    @staticmethod
    def _variant(rng: random.Random, base: str, form: str) -> str:
        kind = rng.randrange(5)
        if kind == 0:
            return base.upper()
        if kind == 1:  # a typo: two letters swapped
            i = rng.randrange(1, max(2, len(base) - 2))
            return base[: i - 1] + base[i] + base[i - 1] + base[i + 1 :]
        if kind == 2:
            return "".join(w[0] for w in base.split() if w[0].isalpha()).upper() + f" ({base})"
        if kind == 3:
            return base.replace(" ", ", ", 1) + f" {form.replace('.', '')}"
        return f"{base}, {form}"
