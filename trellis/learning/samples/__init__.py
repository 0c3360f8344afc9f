"""Content the project made itself: a small SCORM 1.2 lesson (``scorm12/``), used by the tests
(a browser plays it to completion) and the demo catalogue."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SCORM_SAMPLE = Path(__file__).resolve().parent / "scorm12"


def scorm_sample_zip() -> bytes:
    """The sample lesson as a vendor would upload it: a zip with the manifest at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for path in sorted(SCORM_SAMPLE.iterdir()):
            package.write(path, path.name)
    return buffer.getvalue()
