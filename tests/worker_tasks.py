"""Tasks used by the worker-recovery test; they run inside a real django-q2 worker process."""

from __future__ import annotations

import time
from pathlib import Path

from trellis.core.models import OutboundEmail


def record_once(marker_dir: str, key: str) -> str:
    """Hang on the first attempt (the test kills the worker there); finish on the retry.

    The effect is idempotent (get_or_create on a unique subject), as every
    Trellis task must be, so a retried job can never do it twice.
    """
    marker = Path(marker_dir) / f"{key}.attempts"
    attempts = int(marker.read_text()) + 1 if marker.exists() else 1
    marker.write_text(str(attempts))
    if attempts == 1:
        time.sleep(120)
    OutboundEmail.objects.get_or_create(
        subject=key, defaults={"to": "worker@test.example", "body_text": "done"}
    )
    return "done"
