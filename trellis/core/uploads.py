"""CSV uploads: read a file people exported from a spreadsheet, and report on it row by row."""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from .exceptions import InvalidInput

MAX_BYTES = 1_000_000
MAX_ROWS = 500


@dataclass
class RowReport:
    """What happened to one line of an upload (or would, in a preview)."""

    line: int
    label: str
    outcome: str  # "ok" | "done" | "conflict" | "error"
    message: str = ""
    object_id: int | None = None


@dataclass
class UploadReport:
    rows: list[RowReport] = field(default_factory=list)
    dry_run: bool = True

    @property
    def taken(self) -> int:
        return sum(r.outcome in ("ok", "done") for r in self.rows)


def parse_csv(
    raw: bytes,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> list[tuple[int, dict[str, str]]]:
    """Rows as dictionaries keyed by lower-cased column, with their line numbers; or one clear error
    for the file."""
    if len(raw) > max_bytes:
        raise InvalidInput(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": max_bytes // 1_000_000},
            field="file",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and upload again."), field="file"
        ) from None
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in required if c not in header]
        if missing:
            raise InvalidInput(
                _("Missing columns: %(cols)s. The first line must name the columns: %(all)s.")
                % {"cols": ", ".join(missing), "all": ",".join(columns)},
                field="file",
            )
        reader.fieldnames = header
        rows = [
            (i, {k: (v or "").strip() for k, v in row.items() if k})
            for i, row in enumerate(reader, start=2)
        ]
    except csv.Error as exc:
        raise InvalidInput(
            _("The file is not valid CSV: %(e)s.") % {"e": exc}, field="file"
        ) from None
    if not rows:
        raise InvalidInput(_("The file has no rows under its header."), field="file")
    if len(rows) > max_rows:
        raise InvalidInput(_("At most %(n)s rows per file.") % {"n": max_rows}, field="file")
    return rows


def upload_from_request(request: Any, *, max_bytes: int = MAX_BYTES) -> tuple[bytes, bool]:
    """The file a preview/confirm page works on, and whether this is the preview.

    The preview uploads the file; confirming sends it back (base64, in a hidden
    field) so the import runs on exactly the bytes that were previewed.
    """
    if "confirm" in request.POST:
        return base64.b64decode(request.POST.get("payload", "").encode() or b""), False
    upload = request.FILES.get("file")
    return (upload.read(max_bytes + 1) if upload else b""), True


def payload_of(raw: bytes) -> str:
    """What the preview page carries to its confirm button."""
    return base64.b64encode(raw).decode()


# What documents may be: (type, extensions, how to recognise the content).
_DOCUMENT_TYPES = (
    ("application/pdf", ("pdf",), lambda head, z: head.startswith(b"%PDF-")),
    ("image/png", ("png",), lambda head, z: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", ("jpg", "jpeg"), lambda head, z: head.startswith(b"\xff\xd8\xff")),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
        lambda head, z: z is not None and any(n.startswith("word/") for n in z),
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
        lambda head, z: z is not None and any(n.startswith("ppt/") for n in z),
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
        lambda head, z: z is not None and any(n.startswith("xl/") for n in z),
    ),
    # A list exported from a spreadsheet (attendees): text, no binary bytes. Asked for only by
    # name (``kinds``), never taken for something else.
    ("text/csv", ("csv",), lambda head, z: z is None and _plain_text(head)),
)


def _plain_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:  # the 16 bytes may end inside a character
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def document_type(
    upload: IO[bytes], filename: str, *, field: str, kinds: tuple[str, ...] | None = None
) -> str:
    """The document's type, read from its content and matched with its name; refused when it
    is not one of ``kinds`` (default: any of the types above) or not what its name says. Files
    are never trusted by their name or the browser's word."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    head = upload.read(16)
    upload.seek(0)
    members = None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                members = archive.namelist()
                if "[Content_Types].xml" not in members:
                    members = None
        except zipfile.BadZipFile:
            members = None
        upload.seek(0)
    for kind, extensions, recognises in _DOCUMENT_TYPES:
        if (kinds is None and kind == "text/csv") or (kinds is not None and kind not in kinds):
            continue
        if recognises(head, members):
            if extension not in extensions:
                raise InvalidInput(
                    _("The file is not what its name says: it holds a %(kind)s document.")
                    % {"kind": extensions[0].upper()},
                    field=field,
                )
            return kind
    if kinds is not None and set(kinds) <= {"application/pdf", "image/png", "image/jpeg"}:
        raise InvalidInput(_("Upload a PDF, PNG or JPEG file."), field=field)
    raise InvalidInput(_("Upload a PDF, Word, PowerPoint, Excel, PNG or JPEG file."), field=field)
