"""Which existing partners a newcomer may already be: the same web domain, or a name the
account matcher judges the same company or one of its family. Built once per batch, so a
prospect list of thousands is compared with every partner in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from trellis.customers.engine.matching import CompanyIndex, CompanyRecord, build_index
from trellis.customers.engine.names import normalize_company_name
from trellis.partners.selectors import partner_identities

MAX_FOUND = 3


@dataclass
class KnownPartners:
    index: CompanyIndex
    names: dict[int, str]
    by_domain: dict[str, int]
    by_name: dict[str, int]

    @classmethod
    def load(cls, *, with_index: bool = True) -> KnownPartners:
        """The partners, by domain and exact name; ``with_index`` also builds the matcher's
        index (what a close look needs; a quick look does without)."""
        rows = partner_identities()
        records = (CompanyRecord(str(pk), n, d, c, ci) for pk, n, d, c, ci in rows)
        return cls(
            index=build_index(records if with_index else ()),
            names={pk: n for pk, n, *_rest in rows},
            by_domain={d: pk for pk, _n, d, *_rest in rows if d},
            by_name={normalize_company_name(n): pk for pk, n, *_rest in rows},
        )

    def quick(self, *, name: str, domain: str) -> int | None:
        """The partner with this web domain or exactly this name (legal form aside), if any."""
        if domain and domain in self.by_domain:
            return self.by_domain[domain]
        return self.by_name.get(normalize_company_name(name))

    def find(
        self, *, name: str, domain: str, country: str, city: str = "", limit: int = MAX_FOUND
    ) -> list[dict[str, Any]]:
        """Best first: partner id and name, score, relation (same or family) and evidence."""
        found: dict[int, dict[str, Any]] = {}
        if domain and domain in self.by_domain:
            pk = self.by_domain[domain]
            found[pk] = {
                "partner": pk,
                "name": self.names[pk],
                "score": 1.0,
                "relation": "same",
                "evidence": [_("the same web domain (%(d)s)") % {"d": domain}],
            }
        query = CompanyRecord("?", name, domain, country, city)
        for match in self.index.match(query, limit=limit):
            pk = int(match.id)
            found.setdefault(
                pk,
                {
                    "partner": pk,
                    "name": self.names[pk],
                    "score": match.score,
                    "relation": match.relation,
                    "evidence": list(match.evidence),
                },
            )
        return sorted(found.values(), key=lambda d: -float(d["score"]))[:limit]
