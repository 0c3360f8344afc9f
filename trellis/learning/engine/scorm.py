"""SCORM 1.2 packages and their runtime data, checked without trusting the author.

A package is a zip with ``imsmanifest.xml`` at its root naming the file to launch. Every
member is checked before anything is written: no absolute paths, no ``..``, no links, no
program files, a bounded number of files and unpacked size (a small zip can unpack to
gigabytes). The runtime values a package reports (status, score, time, where to resume) are
checked against the SCORM 1.2 data model before they are stored. Plain Python; no Django.
"""

from __future__ import annotations

import posixpath
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

MAX_ENTRIES = 5_000
MAX_UNPACKED = 500 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024
# Files a browser or a server could run as a program: never stored, whatever the package says.
_FORBIDDEN_TEXT = """
    exe dll com bat cmd msi scr ps1 psm1 vbs vbe wsf wsh jar sh bash csh ksh php php3 php4 php5
    phtml phar jsp jspx asp aspx ashx asmx cer cgi pl py pyc rb so dylib apk app deb rpm
    htaccess
"""
FORBIDDEN = frozenset(_FORBIDDEN_TEXT.split())
_CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"


class PackageError(ValueError):
    """Why a package is refused: ``code`` for the message, ``detail`` names the file."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    external_attr: int = 0


@dataclass(frozen=True)
class Manifest:
    title: str
    launch: str
    version: str


def safe_names(members: Iterable[Member]) -> list[str]:
    """The members' names, once each has been found safe to write and to serve."""
    names, total = [], 0
    seen: set[str] = set()
    for count, member in enumerate(members, start=1):
        if count > MAX_ENTRIES:
            raise PackageError("too_many_files", str(MAX_ENTRIES))
        name = member.name
        if name.endswith("/"):
            continue  # a directory entry
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError("link", name)
        if "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
            raise PackageError("unsafe_path", name)
        clean = posixpath.normpath(name)
        if clean.startswith("../") or clean == ".." or "/../" in f"/{clean}/":
            raise PackageError("unsafe_path", name)
        extension = clean.rsplit(".", 1)[-1].lower() if "." in clean.rsplit("/", 1)[-1] else ""
        if extension in FORBIDDEN or clean.rsplit("/", 1)[-1].lower() == ".htaccess":
            raise PackageError("program_file", name)
        if clean in seen:
            raise PackageError("duplicate", name)
        seen.add(clean)
        total += member.size
        if total > MAX_UNPACKED:
            raise PackageError("too_large_unpacked", str(MAX_UNPACKED))
        names.append(clean)
    if "imsmanifest.xml" not in names:
        raise PackageError("no_manifest")
    return names


def read_manifest(raw: bytes, names: Iterable[str]) -> Manifest:
    """The package's title and the file to launch, from ``imsmanifest.xml``."""
    if len(raw) > MAX_MANIFEST:
        raise PackageError("bad_manifest", "larger than 1 MB")
    try:
        # defusedxml: no document type declarations, no entities (no "billion laughs").
        root = safe_xml.fromstring(raw, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise PackageError("bad_manifest", str(exc)) from None
    version = (_first_text(root, "schemaversion") or "").strip()
    if version and version not in ("1.2", "CAM 1.3") and not version.startswith("1.2"):
        raise PackageError("not_scorm_12", version)
    organizations = _child(root, "organizations")
    resources = {r.get("identifier"): r for r in root.iter() if _local(r.tag) == "resource"}
    item_ref = None
    title = ""
    if organizations is not None:
        default = organizations.get("default")
        orgs = [o for o in organizations if _local(o.tag) == "organization"]
        org = next((o for o in orgs if o.get("identifier") == default), orgs[0] if orgs else None)
        if org is not None:
            title = (_first_text(org, "title") or "").strip()
            item = next(
                (i for i in org.iter() if _local(i.tag) == "item" and i.get("identifierref")), None
            )
            item_ref = item.get("identifierref") if item is not None else None
    resource = resources.get(item_ref) if item_ref else None
    if resource is None:
        scos = [r for r in resources.values() if _scorm_type(r) == "sco"]
        resource = scos[0] if scos else None
    href = resource.get("href") if resource is not None else None
    if not href:
        raise PackageError("no_launch")
    base = (
        (resource.get("{http://www.w3.org/XML/1998/namespace}base") or "")
        if resource is not None
        else ""
    )
    launch = posixpath.normpath(posixpath.join(base, href.split("?", 1)[0].split("#", 1)[0]))
    if launch not in set(names):
        raise PackageError("launch_missing", launch)
    return Manifest(title=title[:160], launch=launch, version=version or "1.2")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(node: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in node if _local(c.tag) == name), None)


def _first_text(node: ET.Element, name: str) -> str | None:
    found = next((c for c in node.iter() if _local(c.tag) == name), None)
    return found.text if found is not None else None


def _scorm_type(resource: ET.Element) -> str:
    for key, value in resource.attrib.items():
        if key.rsplit("}", 1)[-1].lower() == "scormtype":
            return value.lower()
    return ""


# --- the runtime ---------------------------------------------------------------------------

STATUSES = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
EXITS = ("time-out", "suspend", "logout", "")
_TIMESPAN = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")
# What the portal stores of a package's runtime data, with the longest value SCORM 1.2 allows.
WRITABLE = {
    "cmi.core.lesson_location": 255,
    "cmi.core.lesson_status": 13,
    "cmi.core.score.raw": 12,
    "cmi.core.score.min": 12,
    "cmi.core.score.max": 12,
    "cmi.core.exit": 8,
    "cmi.core.session_time": 13,
    "cmi.suspend_data": 4096,
    "cmi.comments": 4096,
}


class RuntimeValueError(ValueError):
    def __init__(self, element: str, reason: str) -> None:
        super().__init__(f"{element}: {reason}")
        self.element = element
        self.reason = reason


def check_values(values: Mapping[str, object]) -> dict[str, str]:
    """The values a package reported, refused whole if any is not SCORM 1.2."""
    clean: dict[str, str] = {}
    for element, value in values.items():
        if element not in WRITABLE:
            raise RuntimeValueError(element, "not an element the package may set")
        if not isinstance(value, str):
            raise RuntimeValueError(element, "not text")
        if len(value) > WRITABLE[element]:
            raise RuntimeValueError(element, f"longer than {WRITABLE[element]} characters")
        if element == "cmi.core.lesson_status" and value not in STATUSES:
            raise RuntimeValueError(element, "not a lesson status")
        if element == "cmi.core.exit" and value not in EXITS:
            raise RuntimeValueError(element, "not an exit value")
        if element == "cmi.core.session_time" and not _TIMESPAN.match(value):
            raise RuntimeValueError(element, "not a time span HHHH:MM:SS.SS")
        if element.startswith("cmi.core.score.") and value != "":
            number = _decimal(value)
            if number is None or not Decimal(0) <= number <= Decimal(100):
                raise RuntimeValueError(element, "not a number from 0 to 100")
        clean[element] = value
    return clean


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def seconds_of(timespan: str) -> int:
    found = _TIMESPAN.match(timespan)
    if not found:
        return 0
    hours, minutes, secs = (int(found.group(i)) for i in (1, 2, 3))
    return hours * 3600 + minutes * 60 + secs


def score_percent(values: Mapping[str, str]) -> int | None:
    """The raw score as a percentage of the package's range (0-100 when it names none)."""
    raw = _decimal(values.get("cmi.core.score.raw", "") or "x")
    if raw is None:
        return None
    low = _decimal(values.get("cmi.core.score.min", "") or "0") or Decimal(0)
    high = _decimal(values.get("cmi.core.score.max", "") or "100") or Decimal(100)
    if high <= low:
        return None
    return max(0, min(100, int((raw - low) * 100 / (high - low))))


def outcome(values: Mapping[str, str]) -> str:
    """ "completed", "failed" or "started", as the module's progress reads the status."""
    status = values.get("cmi.core.lesson_status", "")
    if status in ("passed", "completed"):
        return "completed"
    if status == "failed":
        return "failed"
    return "started"
