"""The public certificate check: anyone holding a verification code (an employer, a
customer) sees the holder's name, the certification and whether it is valid; nothing else.
Rate-limited per client, so codes cannot be guessed by trying."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.core.throttle import limit_client

from .. import selectors


def certificate_check(request: HttpRequest) -> HttpResponse:
    """The form: type a code, see the result."""
    code = request.GET.get("code", "").strip()[:20]
    if code:
        return redirect("certificate_verify", code.upper())
    return render(request, "learning/verify.html", {"code": "", "found": None, "asked": False})


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    refusal = limit_client(request, "certificate-verify")
    if refusal is not None:
        response = render(request, "429.html", {"retry_after": refusal.retry_after}, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    found = selectors.verification(code[:20])
    context = {"code": code[:20], "found": found, "asked": True}
    return render(request, "learning/verify.html", context, status=200 if found else 404)
