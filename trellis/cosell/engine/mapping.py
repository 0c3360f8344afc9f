"""Account mapping: which of the vendor's accounts are also on a partner's list, and as what.

Plain Python and numpy, no Django. Each side is a table of accounts with a
relationship status (customer, prospect, open opportunity) and two match keys
prepared once, when the list is stored: the web domain, and the normalised
company name with its country (customers.engine.names: legal forms, case,
accents and punctuation folded away). Matching is an exact join on those keys,
so a million accounts on each side take seconds: both key columns are hashed,
sorted and merged with numpy, and every hash hit is confirmed on the strings
so a collision never makes a false overlap. A domain match is preferred to a
name match; a partner account meets at most one vendor account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from trellis.customers.engine.names import normalize_company_name, normalize_domain

STATUSES = ("customer", "prospect", "opportunity")


def name_key(name: str, country: str) -> str:
    """The stored name key: normalised company name and country ('' when the name normalises to
    nothing)."""
    normalized = normalize_company_name(name)
    return f"{normalized}|{country.strip().upper()}" if normalized else ""


def domain_key(domain: str) -> str:
    return normalize_domain(domain)


@dataclass(frozen=True)
class AccountTable:
    """One side's accounts as columns: ids, match keys ('' = none) and statuses (indexes into
    STATUSES)."""

    ids: npt.NDArray[np.int64]
    domains: Sequence[str]
    names: Sequence[str]
    statuses: npt.NDArray[np.int8]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Overlap:
    vendor: npt.NDArray[np.int64]  # positions in the vendor table
    partner: npt.NDArray[np.int64]  # positions in the partner table, each at most once
    by_domain: npt.NDArray[np.bool_]  # True: matched on the domain, False: on name and country

    def matrix(self, vendor: AccountTable, partner: AccountTable) -> npt.NDArray[np.int64]:
        """Counts by (vendor status, partner status): 3 x 3, in STATUSES order."""
        counts = np.zeros((len(STATUSES), len(STATUSES)), dtype=np.int64)
        np.add.at(counts, (vendor.statuses[self.vendor], partner.statuses[self.partner]), 1)
        return counts


def _hashes(keys: Sequence[str]) -> npt.NDArray[np.int64]:
    # Python's string hash is fast and good; it differs between processes, so it is never stored.
    return np.fromiter((hash(k) if k else 0 for k in keys), dtype=np.int64, count=len(keys))


@dataclass(frozen=True)
class _SortedKeys:
    keys: Sequence[str]
    order: npt.NDArray[
        np.int64
    ]  # positions with a key, sorted by hash (stable: duplicates keep the first)
    hashes: npt.NDArray[np.int64]  # their hashes, sorted

    @classmethod
    def build(cls, keys: Sequence[str]) -> _SortedKeys:
        hashes = _hashes(keys)
        present = np.flatnonzero(hashes != 0)
        order = present[np.argsort(hashes[present], kind="stable")]
        return cls(keys, order, hashes[order])

    def join(
        self, partner_keys: Sequence[str], open_partner: npt.NDArray[np.bool_]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Pairs (vendor position, partner position) with equal non-empty keys, for partner rows
        still
        open."""
        p_hash = _hashes(partner_keys)
        p_pos = np.flatnonzero((p_hash != 0) & open_partner)
        at = np.searchsorted(self.hashes, p_hash[p_pos])
        hit = at < len(self.hashes)
        hit[hit] = self.hashes[at[hit]] == p_hash[p_pos[hit]]
        v_match, p_match = self.order[at[hit]], p_pos[hit]
        same = np.fromiter(
            (
                self.keys[v] == partner_keys[p]
                for v, p in zip(v_match.tolist(), p_match.tolist(), strict=True)
            ),
            dtype=bool,
            count=len(v_match),
        )
        return v_match[same], p_match[same]


@dataclass(frozen=True)
class VendorIndex:
    """The vendor's accounts ready to be joined against any partner's list (build once, reuse per
    partner)."""

    table: AccountTable
    domains: _SortedKeys
    names: _SortedKeys

    @classmethod
    def build(cls, table: AccountTable) -> VendorIndex:
        return cls(table, _SortedKeys.build(table.domains), _SortedKeys.build(table.names))


def overlap(vendor: AccountTable | VendorIndex, partner: AccountTable) -> Overlap:
    """Every partner account that is also a vendor account, on the domain first and then on the
    name."""
    index = vendor if isinstance(vendor, VendorIndex) else VendorIndex.build(vendor)
    open_partner = np.ones(len(partner), dtype=bool)
    v_dom, p_dom = index.domains.join(partner.domains, open_partner)
    open_partner[p_dom] = False
    v_name, p_name = index.names.join(partner.names, open_partner)
    return Overlap(
        vendor=np.concatenate([v_dom, v_name]),
        partner=np.concatenate([p_dom, p_name]),
        by_domain=np.concatenate(
            [np.ones(len(v_dom), dtype=bool), np.zeros(len(v_name), dtype=bool)]
        ),
    )
