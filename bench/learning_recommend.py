"""What to learn next for one partner user, at the design size: 10,000 partners, 100,000
people, 150,000 certifications and 200,000 enrollments (the seed of bench/learning_coverage
plus enrollments in six courses).

    uv run python -m bench.learning_recommend
    uv run python scripts/throwaway_postgres.py -- uv run python -m bench.learning_recommend

Measured: ``learning.selectors.recommendations`` for 50 different users, with the peers'
completions per tier cached (how the portal runs) and with the cache emptied before every
call (the worst case: the first user of a tier after a quarter of an hour). Baseline in the
same process: the naive way, one query per course for peers' completions. Target: 100 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

ENROLLMENTS = 200_000


def _enrollments(rng: random.Random) -> list[int]:
    from trellis.accounts.models import User
    from trellis.core.actor import SYSTEM
    from trellis.learning import services
    from trellis.learning.models import Course, CourseVersion, Enrollment
    from trellis.learning.services.authoring import course_create

    exams = list(Course.objects.all())
    for i in range(2):
        exams.append(course_create(actor=SYSTEM, code=f"course-{i}", title=f"Course {i}"))
    versions = []
    for course in exams:
        draft = services.version_draft(actor=SYSTEM, course=course, language="en")
        services.module_add(actor=SYSTEM, version=draft, kind="text", title="Read", body="x")
        versions.append(services.version_publish(actor=SYSTEM, version=draft))
    people = list(User.objects.filter(partner__isnull=False).values_list("pk", "partner_id"))
    seen = set()
    rows: list[Enrollment] = []
    while len(rows) < ENROLLMENTS:
        user_id, partner_id = rng.choice(people)
        version: CourseVersion = rng.choice(versions)
        if (user_id, version.course_id) in seen:
            continue
        seen.add((user_id, version.course_id))
        done = rng.random() < 0.7
        rows.append(
            Enrollment(
                partner_id=partner_id,
                user_id=user_id,
                course_id=version.course_id,
                version=version,
                source="self",
                status="completed" if done else "in_progress",
                completed_at=version.published_at if done else None,
            )
        )
    Enrollment.objects.bulk_create(rows, batch_size=5000)
    return [u for u, _p in rng.sample(people, 50)]


def _naive(partner_id: int, tier_id: int) -> dict[int, int]:
    from django.db.models import Count

    from trellis.learning.models import Course, Enrollment

    out = {}
    for course in Course.objects.all():
        n = (
            Enrollment.objects.filter(
                course=course, status="completed", partner__enrollments__tier_id=tier_id
            )
            .exclude(partner_id=partner_id)
            .aggregate(n=Count("user_id", distinct=True))["n"]
        )
        out[course.pk] = n
    return out


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'rec.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.learning_coverage import _seed
    from bench.machine import pace_line
    from trellis.accounts.actors import actor_for_user
    from trellis.accounts.models import RoleGrant, User
    from trellis.learning.selectors import recommendations
    from trellis.partners.selectors import partner_get

    rng = random.Random(11)
    started = time.perf_counter()
    _seed(rng)
    users = _enrollments(rng)
    RoleGrant.objects.bulk_create(
        RoleGrant(user_id=u, role="partner_sales", partner_id=p)
        for u, p in User.objects.filter(pk__in=users).values_list("pk", "partner_id")
    )
    print(f"seeded in {time.perf_counter() - started:.1f} s")

    def timed(cold: bool) -> list[float]:
        out = []
        for user_id in users:
            user = User.objects.get(pk=user_id)
            actor = actor_for_user(user)
            partner = partner_get(actor=actor, partner_id=user.partner_id)  # type: ignore[arg-type]
            if cold:
                cache.clear()
            began = time.perf_counter()
            found = recommendations(actor=actor, partner=partner)
            out.append(time.perf_counter() - began)
            assert found is not None
        return out

    timed(cold=False)  # the cache filled for every tier
    warm, cold = timed(cold=False), timed(cold=True)
    from trellis.partners.models import ProgramEnrollment

    naive = []
    for user_id in users[:10]:
        partner_id = User.objects.get(pk=user_id).partner_id
        tier = ProgramEnrollment.objects.get(partner_id=partner_id).tier_id
        began = time.perf_counter()
        _naive(partner_id, tier)  # type: ignore[arg-type]
        naive.append(time.perf_counter() - began)

    def line(label: str, times: list[float]) -> str:
        ms = sorted(t * 1000 for t in times)
        p95 = ms[int(0.95 * (len(ms) - 1))]
        return (
            f"{label}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"
        )

    vendor = os.environ["DATABASE_URL"].split(":")[0]
    print(f"{vendor}: recommendations for one user, {len(users)} users")
    print("  " + line("peers cached (as the portal runs)", warm))
    print("  " + line("cache emptied before each call", cold))
    print("  " + line("baseline: one peers query per course, peers only", naive))
    print(pace_line())


if __name__ == "__main__":
    main()
