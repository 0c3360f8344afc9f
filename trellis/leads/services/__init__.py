"""Writes about leads: intake, routing one at a time or in runs, offers, follow-up and timers.

``lifecycle`` holds a lead's own moves (received, routed, accepted, declined, returned,
assigned); ``follow_up`` the partner's updates and conversion; ``intake`` the public web
forms; ``batch`` routing runs; ``imports`` CSV imports; ``timers`` what the scheduled sweeps do
to one lead.
"""

from ..validation import LeadInput
from .follow_up import STATUS_UPDATES, lead_convert, lead_update
from .lifecycle import (
    lead_accept,
    lead_assign,
    lead_decline,
    lead_receive,
    lead_reroute,
    lead_return,
)
from .release import HOLD, leads_release_partner

__all__ = [
    "HOLD",
    "STATUS_UPDATES",
    "LeadInput",
    "lead_accept",
    "lead_assign",
    "lead_convert",
    "lead_decline",
    "lead_receive",
    "lead_reroute",
    "lead_return",
    "lead_update",
    "leads_release_partner",
]
