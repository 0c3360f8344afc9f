"""Writes about incentives: drafting statements (``statements``)."""

from .statements import month_of, statements_compute

__all__ = ["month_of", "statements_compute"]
