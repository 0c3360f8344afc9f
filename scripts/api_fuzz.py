"""Generated requests against the live API: schemathesis, as a vendor and as a partner.

    uv run python scripts/throwaway_postgres.py -- uv run python scripts/api_fuzz.py

Seeds a small ecosystem into the database DATABASE_URL names (PostgreSQL in CI), serves it with
gunicorn and the production settings, and runs schemathesis against /api/v1/openapi.json once
with a vendor admin's token and once with a partner admin's. Every check the API promises is on:
no server error, responses as documented (status, content type, body) and negative data refused.
Any failure fails the run, so `make test` fails. Bounded by --max-examples per operation (and a
fixed seed, so a red run can be replayed with the same requests).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The project root is put on the path above.
from bench.server import gunicorn, production_env  # noqa: E402

CHECKS = (
    "not_a_server_error,response_schema_conformance,content_type_conformance,"
    "status_code_conformance,negative_data_rejection"
)


# Statuses that refuse what a request sent; schemathesis's own list lacks 413 and 414, which the
# schema documents for bodies and addresses over their limits.
REFUSALS = [400, 401, 403, 404, 405, 406, 409, 413, 414, 415, 422, 428, 429]

# Path parameters and the model whose rows they name.
OBJECTS = {
    "deal_id": "deals.DealRegistration",
    "conflict_id": "deals.ConflictLog",
    "lead_id": "leads.Lead",
    "run_id": "leads.RoutingRun",
    "partner_id": "partners.Partner",
    "cosell_id": "cosell.CoSell",
    "step_id": "cosell.CoSellStep",
    "introduction_id": "cosell.Introduction",
    "bundle_id": "cosell.Bundle",
    "member_id": "cosell.BundleMember",
    "upload_id": "cosell.AccountListUpload",
}


def _prepare() -> dict[str, tuple[str, dict[str, int]]]:
    """Per side, a token and one id of each kind of object that side may see."""
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from trellis.accounts.actors import actor_for_user
    from trellis.accounts.models import RoleGrant
    from trellis.accounts.services import token_create_for_email
    from trellis.demo.generator import ADMIN_EMAIL, EcosystemGenerator
    from trellis.partners.models import Partner

    if not Partner.objects.exists():
        EcosystemGenerator(partners=12, seed=5, customers=200, deals=60, leads=40).run()
    from django.db.models import Count

    # The partner with the most going on, so that its token reaches the most objects.
    grant = (
        RoleGrant.objects.filter(role="partner_admin", partner__status="active")
        .select_related("user")
        .annotate(
            busy=Count("partner__co_sells", distinct=True)
            + Count("partner__deals", distinct=True)
            + Count("partner__introductions_asked", distinct=True)
        )
        .order_by("-busy", "partner_id")
        .first()
    )
    assert grant, "the seed made no active partner with an admin"
    sides = {}
    for side, email in (("vendor", ADMIN_EMAIL), ("partner", grant.user.email)):
        token = token_create_for_email(email=email, name="api fuzz")
        actor = actor_for_user(token.token.user)
        ids = {}
        for name, label in OBJECTS.items():
            objects = apps.get_model(label).objects
            visible = objects.visible_to(actor) if hasattr(objects, "visible_to") else objects
            pk = visible.order_by("pk").values_list("pk", flat=True).first()
            if pk is not None:
                ids[name] = pk
        sides[side] = (token.raw, ids)
    return sides


def _config(token: str, ids: dict[str, int], args: argparse.Namespace) -> str:
    """schemathesis.toml for one run: the checks, the token and, when given, real ids."""
    lines = [
        f"seed = {args.seed}",
        f"workers = {args.workers}",
        "request-timeout = 30",
        'suppress-health-check = ["all"]',
        f"generation.max-examples = {args.max_examples}",
        f"headers = {{ Authorization = {json.dumps('Bearer ' + token)} }}",
        "[checks]",
        "enabled = false",
        *[f"{check}.enabled = true" for check in CHECKS.split(",")],
        f"negative_data_rejection.expected-statuses = {json.dumps(REFUSALS)}",
        "[phases]",
        "examples.enabled = true",
        "coverage.enabled = true",
        "fuzzing.enabled = true",
        "stateful.enabled = false",
    ]
    if ids:
        lines += ["[parameters]", *[f'"path.{name}" = {pk}' for name, pk in ids.items()]]
    return "\n".join(lines) + "\n"


def _schemathesis(port: int, run: str, config: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as work:  # its cache lands here, not in the checkout
        (Path(work) / "schemathesis.toml").write_text(config)
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(Path(work) / "schemathesis.toml"),
            "run",
            f"http://127.0.0.1:{port}/api/v1/openapi.json",
            "--no-color",
        ]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, cwd=work)
    output = done.stdout + done.stderr
    print(f"--- schemathesis {run} ({time.monotonic() - started:.0f} s) ---")
    print(output if done.returncode else _summary(output))
    return done.returncode, output


def _only_tool_errors(output: str) -> bool:
    """Whether a red run's problems are crashes inside the tool: no check failed, the errors
    include a runtime error of schemathesis or hypothesis, and none is an answer of ours."""
    if re.search(r"^=+ FAILURES =+$", output, re.M) or "ERRORS" not in output:
        return False
    errors = output.split("ERRORS", 1)[1]
    ours = re.search(r"^\s*(Server error|Undocumented)", errors, re.M)
    return "Runtime Error" in errors and not ours


def _summary(output: str) -> str:
    """The closing lines of a green run: operations, test cases, checks."""
    lines = output.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if re.search(r"SUMMARY", line)), 0)
    return "\n".join(lines[start:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="schemathesis workers")
    parser.add_argument("--side", choices=("vendor", "partner", "both"), default="both")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL is not set: run under scripts/throwaway_postgres.py")
    # thousands of requests from one token: counted, never refused
    production_env(TRELLIS_RATE_API_TOKEN="1000000000/m")
    prepared = _prepare()
    sides = ("vendor", "partner") if args.side == "both" else (args.side,)
    failed = []
    with gunicorn(workers=2, extra=("--timeout", "60")) as port:
        for side in sides:
            token, ids = prepared[side]
            # Once with any ids (unknown and malformed ones included), once with real ones so
            # that the generated bodies reach each action's own rules.
            for run, with_ids in ((f"as {side}", {}), (f"as {side}, real ids", ids)):
                code, output = _schemathesis(port, run, _config(token, with_ids, args))
                if code and _only_tool_errors(output):
                    # The generator itself crashed (a hypothesis or schemathesis internal error,
                    # not an answer of ours): the same run once more, and that one counts.
                    print(f"--- {run}: the tool crashed without a failed check; running it again")
                    code, _ = _schemathesis(port, f"{run} (again)", _config(token, with_ids, args))
                if code:
                    failed.append(run)
    if failed:
        sys.exit(f"schemathesis found failures: {'; '.join(failed)}")
    print(f"schemathesis: no failures in {2 * len(sides)} runs")


if __name__ == "__main__":
    main()
