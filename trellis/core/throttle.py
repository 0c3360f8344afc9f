"""Rate limits for the doors people and scripts knock on: sign-in, password reset, public web
forms and API tokens.

Counting is django-ratelimit's (fixed windows in the shared cache). Who is counted is the
client's address as the trusted proxies report it: behind a load balancer every request comes
from the balancer, so its ``X-Forwarded-For`` is believed, but only as far as the addresses
listed in ``TRELLIS_TRUSTED_PROXIES`` (addresses or networks) vouch for it; a client cannot
pick its own address by sending the header itself. API calls are counted per token.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage


@cache
def _trusted() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in getattr(settings, "TRELLIS_TRUSTED_PROXIES", [])
        if entry.strip()
    )


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted())


def client_address(request: HttpRequest) -> str:
    """The address of the client, walking ``X-Forwarded-For`` back through trusted proxies."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    while _is_trusted(address) and forwarded and forwarded[-1]:
        address = forwarded.pop()
    return address


@dataclass(frozen=True)
class Refusal:
    """Over the limit: try again after ``retry_after`` seconds."""

    retry_after: int


def _count(request: HttpRequest, group: str, value: str, rate: str) -> Refusal | None:
    usage = get_usage(
        request, group=group, key=lambda _group, _request: value, rate=rate, increment=True
    )
    if usage is None or not usage["should_limit"]:
        return None
    return Refusal(retry_after=max(1, math.ceil(usage["time_left"])))


def limit_client(request: HttpRequest, group: str) -> Refusal | None:
    """Count one attempt at ``group`` from this client; a Refusal when it is one too many.

    ``group`` names a rate in ``TRELLIS_RATE_LIMITS`` (``"10/m"``, ``"300/h"``); a group
    without one is not limited.
    """
    rate = settings.TRELLIS_RATE_LIMITS.get(group)
    return _count(request, group, client_address(request), rate) if rate else None


def limit_key(request: HttpRequest, group: str, key: str) -> Refusal | None:
    """Count one use of ``key`` (a web form, an API token) at ``group``'s rate."""
    rate = settings.TRELLIS_RATE_LIMITS.get(group)
    if not rate:
        return None
    return _count(request, group, hashlib.sha256(key.encode()).hexdigest()[:32], rate)
