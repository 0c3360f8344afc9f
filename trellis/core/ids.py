"""Ids are 64-bit integers in both databases. A larger number is refused as input, through the
API and through forms, rather than sent to the driver (SQLite raises OverflowError on it)."""

MAX_ID = 2**63 - 1
