"""Writes about co-selling: account mapping and sharing, and co-sells between the vendor and a partner."""

from .co_selling import (
    MAX_INVITATION,
    MAX_MESSAGE,
    cosell_accept,
    cosell_close,
    cosell_decline,
    cosell_invite_partner,
    cosell_invite_vendor,
    cosell_post,
    cosell_remind_step,
    cosell_share,
    cosell_step_add,
    cosell_step_done,
    cosell_withdraw,
)
from .introductions import (
    introduction_answer,
    introduction_ask,
    introduction_broker,
    introduction_rate,
    introduction_request,
    introduction_withdraw,
)
from .mapping import (
    MAX_ACCOUNTS,
    AccountRow,
    ListSummary,
    account_list_replace,
    forget_vendor_index,
    sharing_consent,
    sharing_offer,
)

__all__ = [
    "MAX_ACCOUNTS", "MAX_INVITATION", "MAX_MESSAGE", "AccountRow", "ListSummary", "account_list_replace",
    "cosell_accept", "cosell_close", "cosell_decline", "cosell_invite_partner", "cosell_invite_vendor",
    "cosell_post", "cosell_remind_step", "cosell_share", "cosell_step_add", "cosell_step_done", "cosell_withdraw",
    "forget_vendor_index", "introduction_answer", "introduction_ask", "introduction_broker", "introduction_rate",
    "introduction_request", "introduction_withdraw", "sharing_consent", "sharing_offer",
]  # fmt: skip
