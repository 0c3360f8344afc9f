"""The files of a SCORM package, as the player's sandboxed frame loads them.

Addressed by the package's unguessable token (the frame runs without the learner's session);
every response carries a sandboxing content security policy, so a package's scripts run in an
opaque origin even if its address is opened directly; types come from a fixed list, anything
else is a download. The launch page, opened with a fresh launch token, gets the SCORM API
adapter and the learner's saved values.
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.clickjacking import xframe_options_sameorigin

from trellis.core.exceptions import NotFound

from .. import player
from ..selectors.content import launch_values, package_file

_TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "js": "text/javascript",
    "css": "text/css",
    "json": "application/json",
    "xml": "application/xml",
    "xsd": "application/xml",
    "txt": "text/plain; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "svg": "image/svg+xml",
    "webp": "image/webp",
    "ico": "image/x-icon",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "pdf": "application/pdf",
}


def _policy(origin: str) -> str:
    # Authoring tools write inline scripts and handlers; the sandbox keeps them away from
    # Trellis all the same (an opaque origin: no cookies, no portal pages, no storage).
    return "; ".join(
        [
            f"default-src 'self' {origin}",
            f"script-src 'self' {origin} 'unsafe-inline' 'unsafe-eval'",
            f"style-src 'self' {origin} 'unsafe-inline'",
            f"img-src 'self' {origin} data: blob:",
            f"media-src 'self' {origin} data: blob:",
            f"font-src 'self' {origin} data:",
            "connect-src 'none'",
            "form-action 'none'",
            "object-src 'none'",
            "frame-ancestors 'self'",
            "sandbox allow-scripts allow-forms",
        ]
    )


@xframe_options_sameorigin
def scorm_file(request: HttpRequest, token: str, path: str) -> HttpResponseBase:
    try:
        package, name = package_file(token, path)
        clean = name.removeprefix(f"{package.folder}/")
        launch = request.GET.get("launch", "")
        values = launch_values(package, launch) if clean == package.launch and launch else None
    except NotFound:
        raise Http404 from None
    extension = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    kind = _TYPES.get(extension) or "application/octet-stream"
    origin = f"{request.scheme}://{request.get_host()}"
    response: HttpResponseBase
    if values is not None:
        with default_storage.open(name, "rb") as handle:
            page = player.inject_adapter(handle.read(), values=values, origin=origin)
        response = HttpResponse(page, content_type=kind)
    else:
        # Streamed: a package's videos can be hundreds of megabytes.
        response = FileResponse(default_storage.open(name, "rb"), content_type=kind)
    if extension not in _TYPES:
        guessed = mimetypes.guess_type(clean)[0] or "unknown"
        response["Content-Disposition"] = f'attachment; filename="{posixpath.basename(clean)}"'
        response["X-Trellis-Type"] = guessed
    response["Content-Security-Policy"] = _policy(origin)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if launch else "public, max-age=3600"
    return response
