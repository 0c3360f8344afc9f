"""Account mapping on its own: domains first, then names with countries; no false overlaps."""

from __future__ import annotations

import numpy as np

from trellis.cosell.engine.mapping import STATUSES, AccountTable, domain_key, name_key, overlap


def table(rows: list[tuple[int, str, str, str, str]]) -> AccountTable:
    """(id, name, domain, country, status) rows as a table, keys prepared as at upload."""
    return AccountTable(
        ids=np.array([r[0] for r in rows], dtype=np.int64),
        domains=[domain_key(r[2]) for r in rows],
        names=[name_key(r[1], r[3]) for r in rows],
        statuses=np.array([STATUSES.index(r[4]) for r in rows], dtype=np.int8),
    )


VENDOR = table(
    [
        (1, "Acme GmbH", "acme.de", "DE", "customer"),
        (2, "Globex K.K.", "", "JP", "prospect"),
        (3, "Initech Inc.", "initech.com", "US", "opportunity"),
        (4, "Umbrella Corp", "", "GB", "customer"),
    ]
)


def test_domains_and_names_with_countries_find_the_overlap() -> None:
    partner = table(
        [
            (
                10,
                "ACME Deutschland",
                "https://www.acme.de/",
                "DE",
                "prospect",
            ),  # same domain, other name
            (11, "GLOBEX KK", "", "JP", "customer"),  # same name after legal forms, same country
            (
                12,
                "Umbrella Corporation",
                "",
                "US",
                "customer",
            ),  # same name, other country: not the same account
            (13, "Hooli", "hooli.com", "US", "prospect"),
        ]
    )
    found = overlap(VENDOR, partner)
    pairs = sorted(
        zip(
            VENDOR.ids[found.vendor].tolist(),
            partner.ids[found.partner].tolist(),
            found.by_domain.tolist(),
            strict=True,
        )
    )
    assert pairs == [(1, 10, True), (2, 11, False)]
    matrix = found.matrix(VENDOR, partner)
    assert (
        matrix[STATUSES.index("customer"), STATUSES.index("prospect")] == 1
    )  # our customer, their prospect
    assert matrix[STATUSES.index("prospect"), STATUSES.index("customer")] == 1
    assert matrix.sum() == 2


def test_a_partner_account_meets_one_vendor_account_the_domain_winning() -> None:
    vendor = table(
        [(1, "Acme GmbH", "", "DE", "customer"), (2, "Other Name", "acme.de", "DE", "prospect")]
    )
    found = overlap(vendor, table([(10, "Acme AG", "acme.de", "DE", "customer")]))
    assert vendor.ids[found.vendor].tolist() == [2] and found.by_domain.tolist() == [True]


def test_empty_keys_never_match() -> None:
    vendor = table([(1, "Inc.", "", "DE", "customer")])  # normalises to nothing
    assert len(overlap(vendor, table([(10, "LLC", "", "DE", "customer")])).partner) == 0


def test_duplicate_vendor_accounts_match_the_first() -> None:
    vendor = table([(1, "Acme GmbH", "", "DE", "customer"), (2, "ACME gmbh", "", "DE", "prospect")])
    found = overlap(vendor, table([(10, "Acme", "", "DE", "prospect")]))
    assert vendor.ids[found.vendor].tolist() == [1]
