"""Writes about deal registrations: register, decide, extend, close, expire, appeal.

Every state change moves through lifecycle.transition (the allowed moves live
in choices.TRANSITIONS), is audited in its transaction, and tells the partner.
"""

from trellis.core.exceptions import InvalidInput

from .appeals import appeal_decide, conflict_appeal
from .co_sellers import co_seller_answer, tell_co_seller_now
from .decisions import (
    deal_answer,
    deal_approve,
    deal_close,
    deal_expire,
    deal_extend,
    deal_reject,
    deal_request_info,
    deal_reverse,
    deal_update,
)
from .lifecycle import tell_partner_now
from .opportunities import deal_join_as_vendor, direct_opportunity_close
from .registration import (
    DirectAccountExcluded,
    DuplicateRegistration,
    RegistrationConflict,
    deal_register,
    deal_reopen,
    deal_submit,
    registering_partner,
)
from .release import deals_release_partner
from .timers import REMIND_BEFORE, deal_sla_escalate, deal_sla_remind, deal_warn_expiry
from .validation import DealInput, campaign_code_of, validate_input

__all__ = [
    "REMIND_BEFORE",
    "DealInput",
    "DirectAccountExcluded",
    "DuplicateRegistration",
    "InvalidInput",
    "RegistrationConflict",
    "appeal_decide",
    "campaign_code_of",
    "co_seller_answer",
    "conflict_appeal",
    "deal_answer",
    "deal_approve",
    "deal_close",
    "deal_expire",
    "deal_extend",
    "deal_join_as_vendor",
    "deal_register",
    "deal_reject",
    "deal_reopen",
    "deal_request_info",
    "deal_reverse",
    "deal_sla_escalate",
    "deal_sla_remind",
    "deal_submit",
    "deal_update",
    "deal_warn_expiry",
    "deals_release_partner",
    "direct_opportunity_close",
    "registering_partner",
    "tell_co_seller_now",
    "tell_partner_now",
    "validate_input",
]
