"""Writes about leads: intake, routing one at a time or in runs, offers, follow-up and timers.

``lifecycle`` holds a lead's own moves (received, routed, accepted, declined, returned,
updated, converted, assigned); ``intake`` the public web forms; ``batch`` routing runs;
``imports`` CSV imports; ``timers`` what the scheduled sweeps do to one lead.
"""

from ..validation import LeadInput
from .lifecycle import (
    STATUS_UPDATES,
    lead_accept,
    lead_assign,
    lead_convert,
    lead_decline,
    lead_receive,
    lead_reroute,
    lead_return,
    lead_update,
)

__all__ = [
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
]
