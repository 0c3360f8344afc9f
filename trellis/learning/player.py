"""Playing a SCORM package: the signed launch address the portal gives the player's frame, and
the launch page with Trellis's SCORM 1.2 API adapter and the learner's saved values put in.

The frame runs sandboxed (no access to the portal's cookies or pages); the adapter answers the
package's API calls inside the frame and hands what the package reports to the portal page,
which stores it with the learner's session. Reads and writes nothing itself.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core import signing
from django.templatetags.static import static
from django.urls import reverse

from .engine.scorm import WRITABLE
from .models import Enrollment, Module, ModuleProgress

_SALT = "trellis.learning.scorm-launch"
LAUNCH_HOURS = 12
_HEAD = re.compile(rb"<head[^>]*>", re.I)
_HTML = re.compile(rb"<html[^>]*>", re.I)


def launch_url(enrollment: Enrollment, module: Module) -> str:
    package = module.package
    assert package is not None
    token = signing.dumps({"e": enrollment.pk, "m": module.pk}, salt=_SALT, compress=True)
    path = reverse("scorm_file", args=[package.token, package.launch])
    return f"{path}?launch={token}"


def launch_of(token: str) -> tuple[int, int] | None:
    """The (enrollment, module) a launch token was made for, while it is fresh."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=LAUNCH_HOURS * 3600)
    except signing.BadSignature:
        return None
    return int(data["e"]), int(data["m"])


def _timespan(seconds: int) -> str:
    hours, rest = divmod(max(0, seconds), 3600)
    return f"{min(hours, 9999):04d}:{rest // 60:02d}:{rest % 60:02d}"


def initial_values(enrollment: Enrollment, progress: ModuleProgress | None) -> dict[str, str]:
    """The data model as the package finds it at LMSInitialize."""
    user = enrollment.user
    parts = (user.full_name or user.email).rsplit(" ", 1)
    name = f"{parts[1]}, {parts[0]}" if len(parts) == 2 else parts[0]
    stored = dict(progress.runtime) if progress is not None else {}
    values = {key: stored.get(key, "") for key in WRITABLE if key != "cmi.core.session_time"}
    values.update(
        {
            "cmi.core.student_id": str(user.pk),
            "cmi.core.student_name": name,
            "cmi.core.lesson_status": stored.get("cmi.core.lesson_status", "not attempted"),
            "cmi.core.entry": "resume" if stored.get("cmi.core.exit") == "suspend" else "ab-initio",
            "cmi.core.credit": "credit",
            "cmi.core.lesson_mode": "normal",
            "cmi.core.total_time": _timespan(progress.seconds if progress else 0),
            "cmi.launch_data": "",
            "cmi.core.exit": "",
        }
    )
    return values


def inject_adapter(page: bytes, *, values: dict[str, Any], origin: str) -> bytes:
    """The launch page with the adapter loaded first thing in its head."""
    data = json.dumps({"values": values, "origin": origin}, ensure_ascii=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    snippet = (
        f'<script type="application/json" id="trellis-scorm">{data}</script>'
        f'<script src="{static("trellis/scorm-api.js")}"></script>'
    ).encode("ascii")
    for pattern in (_HEAD, _HTML):
        found = pattern.search(page)
        if found:
            return page[: found.end()] + snippet + page[found.end() :]
    return snippet + page
