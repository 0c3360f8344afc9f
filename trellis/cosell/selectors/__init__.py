"""Reads about co-selling: the account overlap per policy, and co-sells as each side may see them."""

from .co_selling import (
    CoSellFilters,
    CoSellPage,
    SharedRecord,
    cosell_get,
    cosell_list,
    cosell_page,
    cosell_steps,
    cosell_thread,
    deal_cosell,
    opportunity_cosells,
    opportunity_win_rates,
    shared_record,
    step_get,
    step_owner_choices,
    viewer_side,
    waiting_for,
)
from .mapping import OverlapView, SharedAccount, overlap_view
from .promising import Promising, PromisingAccount, promising_accounts

__all__ = [
    "CoSellFilters",
    "CoSellPage",
    "OverlapView",
    "Promising",
    "PromisingAccount",
    "SharedAccount",
    "SharedRecord",
    "cosell_get",
    "cosell_list",
    "cosell_page",
    "cosell_steps",
    "cosell_thread",
    "deal_cosell",
    "opportunity_cosells",
    "opportunity_win_rates",
    "overlap_view",
    "promising_accounts",
    "shared_record",
    "step_get",
    "step_owner_choices",
    "viewer_side",
    "waiting_for",
]  # fmt: skip
