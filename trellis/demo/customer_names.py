"""Customer company names for the demo: real-sounding, each used once, no serial numbers."""

from __future__ import annotations

import random
import unicodedata

from .locales import LOCALES


def ascii_fold(text: str) -> str:
    """Lower-case letters and digits only, accents dropped: for domains and logins."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


CUSTOMER_STEMS = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Cyberdyne",
    "Tyrell",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Wonka",
    "Gringotts",
    "Monarch",
    "Oscorp",
    "Aperture",
    "Massive Dynamic",
    "Blue Sun",
    "Nakatomi",
    "Pied Piper",
    "Dunder Mifflin",
    "Prestige",
    "Sirius",
    "Octan",
    "Zenith",
    "Polaris",
    "Meridian",
    "Helios",
    "Atlas",
    "Orion",
    "Vertex",
    "Quantum",
    "Apex",
    "Nimbus",
    "Titan",
    "Sterling",
    "Crown",
    "Falcon",
    "Phoenix",
    "Everest",
)
CUSTOMER_WORDS = (
    "Industries",
    "Holdings",
    "Manufacturing",
    "Bank",
    "Insurance",
    "Logistics",
    "Retail",
    "Energy",
    "Health",
    "Foods",
    "Motors",
    "Pharma",
    "Telecom",
    "Media",
    "Airlines",
    "Hotels",
    "Chemicals",
    "Steel",
    "Foods Group",
    "Capital",
)


class CustomerNames:
    """Company names as customers carry them, each used once, with no serial numbers: a brand
    and an industry, a city or a family name and an industry, or a brand with its city."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.domains: set[str] = set()
        self.places = {
            country: (
                tuple(c for c in cities if _latin(c)),
                tuple(n for n in loc.last_names if _latin(n)),
                loc.tld,
            )
            for loc in LOCALES
            for country, cities in loc.countries
        }
        self.forms = {
            # the romanised forms where the locale writes them in its own script (Japan)
            country: tuple(f for f in loc.legal_forms if _latin(f)) or ("K.K.", "Co., Ltd.")
            for loc in LOCALES
            for country, _cities in loc.countries
        }

    def legal_form(self, country: str) -> str:
        """A legal form companies of ``country`` carry (K.K. in Japan, GmbH in Germany...)."""
        return self.rng.choice(self.forms[country])

    def _candidate(self, country: str) -> str:
        rng = self.rng
        cities, families, _tld = self.places[country]
        stem, word = rng.choice(CUSTOMER_STEMS), rng.choice(CUSTOMER_WORDS)
        kind = rng.random()
        if kind < 0.35 or not (cities and families):
            return (
                f"{stem} {word}"
                if kind < 0.2 or not cities
                else f"{stem} {word} {rng.choice(cities)}"
            )
        if kind < 0.6:
            return f"{rng.choice(cities)} {word}"
        if kind < 0.85:
            return f"{rng.choice(families)} {word}"
        first, second = rng.sample(families, 2) if len(families) > 1 else (families[0], stem)
        return f"{first} & {second}"

    def next(self, country: str) -> tuple[str, str]:
        """A company name not used yet, and its web domain."""
        for _attempt in range(200):
            name = self._candidate(country)
            if name not in self.used:
                break
        else:  # the vocabulary is spent (far beyond a demo's size): qualify by country
            name = f"{self._candidate(country)} {country} {len(self.used)}"
        self.used.add(name)
        tld = self.places[country][2]
        domain = f"{ascii_fold(name)[:40]}.{tld}"
        if domain in self.domains:
            domain = f"{ascii_fold(name)[:36]}-{country.lower()}.{tld}"
        self.domains.add(domain)
        return name, domain


def _latin(text: str) -> bool:
    """Written in Latin letters (accents allowed): fits beside English industry words."""
    letters = text.replace(" ", "").replace("-", "").replace(".", "")
    return bool(letters) and len(ascii_fold(text)) >= 0.8 * len(letters)
