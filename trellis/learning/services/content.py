"""Course content that comes as a file: SCORM 1.2 packages (checked, unpacked safely, played
in a sandboxed frame) and documents to download (checked by what they contain, not by their
name). And the runtime data a package reports while a learner plays it."""

from __future__ import annotations

import secrets
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.core import events
from trellis.core.actor import Actor
from trellis.core.exceptions import InvalidInput, NotFound
from trellis.core.policies import require
from trellis.core.uploads import document_type

from ..choices import ModuleKind, ProgressStatus
from ..engine import scorm
from ..models import CourseVersion, Enrollment, Module, ModuleProgress, ScormPackage
from .authoring import append_module, check_module
from .taking import finish_if_done, start_enrollment

MAX_PACKAGE = 100 * 1024 * 1024
MAX_DOCUMENT = 25 * 1024 * 1024
_CHUNK = 1024 * 1024


def _package_refusal(error: scorm.PackageError) -> InvalidInput:
    words = {
        "too_many_files": _("The package holds more than %(n)s files.") % {"n": error.detail},
        "link": _("The package holds a link (%(name)s); links are not allowed.")
        % {"name": error.detail},
        "unsafe_path": _("The package holds a file outside its folder (%(name)s).")
        % {"name": error.detail},
        "program_file": _("The package holds a program file (%(name)s); it is not stored.")
        % {"name": error.detail},
        "too_large_unpacked": _("The package unpacks to more than 500 MB."),
        "duplicate": _("The package holds the file %(name)s twice.") % {"name": error.detail},
        "no_manifest": _("This is not a SCORM package: imsmanifest.xml is missing at its root."),
        "bad_manifest": _("The package's imsmanifest.xml cannot be read (%(why)s).")
        % {"why": error.detail},
        "not_scorm_12": _("The package is SCORM %(version)s; Trellis plays SCORM 1.2.")
        % {"version": error.detail},
        "no_launch": _("The package's manifest names no file to launch."),
        "launch_missing": _("The file the manifest launches (%(name)s) is not in the package.")
        % {"name": error.detail},
    }
    return InvalidInput(words.get(error.code, _("The package was refused.")), field="package")


def scorm_module_add(
    *,
    actor: Actor,
    version: CourseVersion,
    title: str,
    minutes: int,
    upload: IO[bytes],
    size: int,
) -> Module:
    """Add a SCORM 1.2 package as a module: every file checked before anything is stored."""
    check_module(actor, version, title, minutes)
    if size > MAX_PACKAGE:
        raise InvalidInput(_("The package is larger than 100 MB."), field="package")
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise InvalidInput(
            _("This is not a zip file: upload the package as exported."), field="package"
        )
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
        names = scorm.safe_names(
            scorm.Member(i.filename, i.file_size, i.external_attr) for i in infos
        )
        with archive.open("imsmanifest.xml") as handle:  # bounded: a manifest may lie too
            manifest = scorm.read_manifest(handle.read(scorm.MAX_MANIFEST + 1), names)
    except scorm.PackageError as exc:
        raise _package_refusal(exc) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, RuntimeError, EOFError):
        raise InvalidInput(_("The zip file is damaged or encrypted."), field="package") from None
    token = secrets.token_hex(16)
    folder = f"scorm/{token}"
    written = 0
    try:
        files = [i for i in infos if not i.filename.endswith("/")]  # as safe_names counts
        for info, name in zip(files, names, strict=True):
            written += _unpack(
                archive, info, f"{folder}/{name}", budget=scorm.MAX_UNPACKED - written
            )
        with transaction.atomic():
            package = ScormPackage.objects.create(
                token=token,
                title=manifest.title or title,
                launch=manifest.launch,
                version=manifest.version,
                files=len(names),
                bytes=written,
                uploaded_by_id=actor.user_id,
            )
            return append_module(
                actor,
                version,
                kind=ModuleKind.SCORM,
                title=title.strip(),
                minutes=minutes,
                package=package,
            )
    except Exception:
        _remove(folder)
        raise


class _Unpacking(File):  # type: ignore[type-arg]
    """A zip member handed to the storage chunk by chunk, counted as it really unpacks (a
    zip may lie about sizes), so no member is ever held in memory whole."""

    def __init__(self, handle: IO[bytes], budget: int) -> None:
        super().__init__(handle)
        self.handle = handle
        self.budget = budget
        self.unpacked = 0

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        while chunk := self.handle.read(_CHUNK):
            self.unpacked += len(chunk)
            if self.unpacked > self.budget:
                raise _package_refusal(scorm.PackageError("too_large_unpacked"))
            yield chunk


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: str, budget: int) -> int:
    """Copy one member into the storage; what it unpacked to."""
    with archive.open(info) as member:
        content = _Unpacking(member, budget)
        saved = default_storage.save(target, content)
    if saved != target:  # the storage renamed it: the launch path would not be found
        raise RuntimeError(f"{target} stored as {saved}")
    return content.unpacked


def _remove(folder: str) -> None:
    path = Path(default_storage.path(folder))
    if path.is_dir():
        shutil.rmtree(path)


def document_module_add(
    *,
    actor: Actor,
    version: CourseVersion,
    title: str,
    minutes: int,
    upload: IO[bytes],
    filename: str,
    size: int,
    body: str = "",
) -> Module:
    """Add a document to download as a module."""
    from trellis.core.markdown import render_markdown

    check_module(actor, version, title, minutes)
    if size > MAX_DOCUMENT:
        raise InvalidInput(_("The document is larger than 25 MB."), field="document")
    kind = document_type(upload, filename, field="document")
    body_html = render_markdown(body) if body else ""
    clean_name = filename.replace("/", "_").replace("\\", "_")[-200:]
    with transaction.atomic():
        module = append_module(
            actor,
            version,
            kind=ModuleKind.DOCUMENT,
            title=title.strip(),
            minutes=minutes,
            body=body,
            body_html=body_html,
            document=ContentFile(upload.read(), name=clean_name),
            document_name=clean_name,
            document_type=kind,
        )
    return module


def scorm_record(
    *,
    actor: Actor,
    enrollment: Enrollment,
    module: Module,
    values: dict[str, Any],
) -> ModuleProgress:
    """Store what a package reported (status, score, time, where to resume). Values that are
    not SCORM 1.2 are refused whole: nothing is stored."""
    require(actor, "learning.take", enrollment)
    if module.version_id != enrollment.version_id or module.kind != ModuleKind.SCORM:
        raise NotFound()
    try:
        clean = scorm.check_values(values)
    except scorm.RuntimeValueError as exc:
        raise InvalidInput(
            _("The lesson reported a value that is not allowed (%(element)s: %(reason)s).")
            % {"element": exc.element, "reason": exc.reason},
            field="values",
        ) from None
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        start_enrollment(actor, enrollment, module)
        progress, _created = ModuleProgress.objects.get_or_create(
            enrollment=enrollment, module=module
        )
        runtime = {**progress.runtime}
        session = clean.pop("cmi.core.session_time", "")
        runtime.update(clean)
        progress.runtime = runtime
        progress.seconds += scorm.seconds_of(session)
        score = scorm.score_percent(runtime)
        if score is not None:
            progress.score = max(progress.score or 0, score)
        was = progress.status
        if was != ProgressStatus.COMPLETED:
            reached = scorm.outcome(runtime)
            progress.status = {
                "completed": ProgressStatus.COMPLETED,
                "failed": ProgressStatus.FAILED,
            }.get(reached, ProgressStatus.STARTED)
            if progress.status == ProgressStatus.COMPLETED:
                progress.completed_at = timezone.now()
        progress.save()
        if progress.status != was:
            events.record(
                actor,
                "course.module_completed" if progress.status == "completed" else "scorm.reported",
                enrollment,
                after={"module": module.pk, "status": progress.status, "score": progress.score},
            )
        if progress.status == ProgressStatus.COMPLETED and was != ProgressStatus.COMPLETED:
            finish_if_done(actor, enrollment)
    return progress
