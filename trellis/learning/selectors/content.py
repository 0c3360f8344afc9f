"""Reads of course files: a SCORM package's file by its token, the learner's saved values for
a launch, and a document module's file for its learner."""

from __future__ import annotations

import posixpath

from django.core.files.storage import default_storage

from trellis.core.actor import Actor
from trellis.core.exceptions import NotFound

from .. import player
from ..models import Enrollment, Module, ModuleProgress, ScormPackage


def package_file(token: str, path: str) -> tuple[ScormPackage, str]:
    """The package and the stored name of one of its files; NotFound for anything else."""
    package = ScormPackage.objects.filter(token=token).first()
    clean = posixpath.normpath(path)
    if package is None or clean.startswith(("..", "/")):
        raise NotFound()
    name = f"{package.folder}/{clean}"
    if not default_storage.exists(name):
        raise NotFound()
    return package, name


def launch_values(package: ScormPackage, launch: str) -> dict[str, str]:
    """What the package finds at LMSInitialize, for the learner a launch token was made for."""
    opened = player.launch_of(launch)
    if opened is None:
        raise NotFound()
    enrollment = Enrollment.objects.select_related("user").filter(pk=opened[0]).first()
    module = Module.objects.filter(pk=opened[1], package=package).first()
    if enrollment is None or module is None or module.version_id != enrollment.version_id:
        raise NotFound()
    progress = ModuleProgress.objects.filter(enrollment=enrollment, module=module).first()
    return player.initial_values(enrollment, progress)


def document_of(*, actor: Actor, enrollment: Enrollment, module_id: int) -> Module:
    """A document module of the course ``enrollment`` is for (the caller read the enrollment
    through ``enrollment_get``, which keeps it to its learner)."""
    module = (
        Module.objects.visible_to(actor)
        .filter(pk=module_id, version_id=enrollment.version_id, kind="document")
        .first()
    )
    if module is None or not module.document:
        raise NotFound()
    return module
