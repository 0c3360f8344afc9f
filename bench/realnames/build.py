"""Build the real-name matching evaluation set from the hand-written lists beside this file.

    uv run python -m bench.realnames.build

Inputs, written by hand from public knowledge of real companies (annual reports, the
companies' own sites and announcements; nothing downloaded, no alias graph):

- ``companies.csv``: real companies by legal name and country: the reference side.
- ``aliases.csv``: real aliases of those companies (initialisms, renames, other scripts and
  transliterations, divisions, regional units, short forms), each with its source.
- ``negatives.csv``: real, different companies that share a word, a prefix, initials or a
  sound with a reference company (``kind`` = how); rows of kind ``family`` are units or
  subsidiaries of the reference company (same corporate family): they are positives.

Written here, by rules a careful person would apply to those real names (seeded, so the
set is the same every time): a leading article ("The X", "Die X", "La X"...), one typo in
a word of four letters or more, another legal form, and a regional unit ("X Deutschland
GmbH"). Filler reference companies make the reference list 20,000 names long; they are
composed from common surnames, places and trade words and never equal a real name.

Outputs ``reference.csv`` (id, name) and ``queries.csv`` (id, name, kind, truth, relation,
source): ``truth`` is the reference id of the same company (empty for a hard negative);
``relation`` is ``same``, ``family`` or ``different``.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from pathlib import Path

from bench.realnames.lists import hard_negatives, history, shares_with

HERE = Path(__file__).resolve().parent
REFERENCE_SIZE = 20_000
# Negatives composed from filler names: a second, larger-vocabulary check beside the real ones.
COMPOSED = 600
SEED = 16

LEGAL = re.compile(
    r",?\s+(inc\.?|incorporated|corporation|corp\.?|company|co\.,? ltd\.?|co\.|ltd\.?|limited|"
    r"plc|p\.l\.c\.|llc|ag|se|sa|s\.a\.|s\.a\.b\. de c\.v\.|s\.p\.a\.|n\.v\.|nv|a/s|asa|ab|oyj|"
    r"gmbh|kg|kgaa|& co\. kgaa|& co\. kg|s\.à r\.l\.|pjsc|berhad|nyrt\.|a\.s\.|a\.ş\.|pty ltd|"
    r"holdings?|group|sca|bv|b\.v\.)$",
    re.IGNORECASE,
)

ARTICLES = {  # the article a person in that country would put in front
    "DE": ("Die", "Der"),
    "AT": ("Die",),
    "CH": ("Die",),
    "FR": ("Le", "La", "Les"),
    "BE": ("La", "Le"),
    "ES": ("El", "La"),
    "MX": ("El", "La"),
    "AR": ("La",),
    "CO": ("La",),
    "CL": ("La",),
    "IT": ("Il", "La"),
}
REGIONAL_UNITS = (
    "Deutschland GmbH",
    "UK Limited",
    "Japan K.K.",
    "Australia Pty Ltd",
    "France SAS",
    "India Private Limited",
    "Brasil Ltda.",
    "Canada Inc.",
    "Nederland B.V.",
    "Italia S.r.l.",
    "España S.L.",
    "Singapore Pte. Ltd.",
    "Korea Ltd.",
    "Mexico S.A. de C.V.",
    "Polska Sp. z o.o.",
    "Schweiz AG",
)
LEGAL_SWAPS = {
    "US": ("Inc.", "Incorporated", "Corp.", "Corporation", "LLC", "Co."),
    "GB": ("Limited", "Ltd", "PLC", "plc"),
    "DE": ("AG", "GmbH", "Aktiengesellschaft"),
    "JP": ("K.K.", "Co., Ltd.", "Kabushiki Kaisha", "Corporation"),
    "FR": ("SA", "SAS", "Société Anonyme"),
    "NL": ("N.V.", "B.V."),
    "ES": ("S.A.", "S.L."),
    "IT": ("S.p.A.", "S.r.l."),
    "CN": ("Co., Ltd.", "Limited"),
    "IN": ("Limited", "Ltd.", "Private Limited"),
}


def read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# Legal forms as folded words, longest first, for names compared without them.
FOLDED_FORMS = sorted(
    {
        "inc",
        "incorporated",
        "corporation",
        "corp",
        "company",
        "co",
        "co ltd",
        "ltd",
        "limited",
        "plc",
        "p l c",
        "llc",
        "ag",
        "se",
        "sa",
        "s a",
        "sas",
        "s a b de c v",
        "s p a",
        "spa",
        "n v",
        "nv",
        "b v",
        "bv",
        "a s",
        "asa",
        "ab",
        "oy",
        "oyj",
        "gmbh",
        "kg",
        "kgaa",
        "co kgaa",
        "co kg",
        "s a r l",
        "pjsc",
        "berhad",
        "nyrt",
        "pty ltd",
        "pty",
        "k k",
        "kk",
        "s l",
        "sl",
        "s r l",
        "srl",
        "sp z o o",
        "ltda",
        "pte ltd",
        "pte",
        "sca",
        "aktiengesellschaft",
        "societe anonyme",
        "kabushiki kaisha",
        "private limited",
    },
    key=lambda f: -len(f),
)


def base_name(name: str) -> str:
    """The name as written, without its trailing legal form(s): what a person types instead."""
    previous = None
    while previous != name:
        previous, name = name, LEGAL.sub("", name).strip(" ,")
    return name or previous or ""


def name_key(name: str) -> str:
    """The name folded and without any legal form: how a person tells whether two names are the
    same ("Weber Foods" and "Weber Foods GmbH" are)."""
    text = folded(base_name(name))
    changed = True
    while changed:
        changed = False
        for form in FOLDED_FORMS:
            if text.endswith(" " + form):
                text, changed = text[: -len(form) - 1].strip(), True
                break
    return text


def folded(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^a-z0-9]+", " ", text.encode("ascii", "ignore").decode()).strip()


def typo(rng: random.Random, name: str) -> str | None:
    """One edit in one word of four letters or more: a swap, a drop, a double or a neighbour."""
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha() and w.isascii()]
    if not long:
        return None
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    edit = rng.choice(("swap", "drop", "double", "neighbour"))
    if edit == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif edit == "drop":
        w = w[:j] + w[j + 1 :]
    elif edit == "double":
        w = w[:j] + w[j] + w[j:]
    else:
        keys = "qwertyuiopasdfghjklzxcvbnm"
        k = keys.index(w[j].lower()) if w[j].lower() in keys else 0
        w = w[:j] + keys[(k + 1) % len(keys)] + w[j + 1 :]
    words[i] = w
    changed = " ".join(words)
    return changed if changed != name else None


def generated_positives(rng: random.Random, companies: list[dict[str, str]]) -> list[list[str]]:
    rows: list[list[str]] = []
    for c in companies:
        name, country, base = c["name"], c["country"], base_name(c["name"])
        if len(base) < 3:
            continue
        pick = rng.random()
        if pick < 0.45:
            article = rng.choice(ARTICLES.get(country, ("The",)))
            text = (
                f"{article} {base}" if rng.random() < 0.7 else f"{article.lower()} {base.lower()}"
            )
            rows.append([text, name, "article", f"article '{article}' in front of the name"])
        if rng.random() < 0.75 and (changed := typo(rng, base)):
            rows.append([changed, name, "typo", "one edit in one word"])
        if country in LEGAL_SWAPS and rng.random() < 0.4:
            form = rng.choice(LEGAL_SWAPS[country])
            rows.append([f"{base} {form}", name, "legal_form", f"legal form written {form}"])
        if rng.random() < 0.35 and len(base.split()) <= 3:
            unit = rng.choice(REGIONAL_UNITS)
            rows.append([f"{base} {unit}", name, "regional_unit", f"regional unit: {unit}"])
    return rows


_SURNAMES_TEXT = """
Anderson Baker Carter Dawson Ellis Fischer Garcia Hoffmann Ivanov Jensen Kowalski
Larsen Moreau Nakamura Olsen Petrov Quinn Rossi Schmidt Tanaka Ueda Varga Weber Xu Yamamoto
Zimmermann Alvarez Bianchi Costa Dubois Eriksson Fontaine Gomez Hansen Ito Jovanovic Kim Lopez
Martin Nielsen Ortega Park Ramos Sato Torres Walsh Young Becker Brennan Chandler Delgado
Fernandes Gallagher Hartmann Keller Lindqvist Meyer Novak Okafor Pereira Richter Silva Thompson
Vogel Watanabe Bauer Carlsson Duarte Eklund Ferreira Graham Hughes Iqbal Jung Kruger Lange
Mendes Nash Oliveira Pham Reid Suzuki Turner Wagner Yilmaz Abbott Barnes Collins Doyle Evans
Foster Grant Harper Irwin Jordan Kennedy Lawson Morgan Nolan Owens Pierce Russell Stewart Tucker
Vaughn Warren Archer Bishop Cooper Dalton Fletcher Gibson Hudson Kemp Lambert Mitchell Norris
Palmer Rhodes Sullivan Thornton Wheeler"""
SURNAMES = _SURNAMES_TEXT.split()
_PLACES_TEXT = """
Atlantic Pacific Alpine Baltic Nordic Coastal Highland Lakeside Riverside Summit
Harbor Meridian Northern Southern Eastern Western Central Metro Urban Valley Prairie Canyon
Cascade Sierra Sahara Danube Rhine Thames Hudson Amazonia Andes Caspian Aegean Adriatic
Bavarian Celtic Iberian Andean Ozark Sonoran Tasman Coral Granite Cedar Oak Maple Willow
Birch Pine Aspen Falcon Eagle Hawk Orion Vega Polaris Zenith Horizon Apex Beacon Crescent
Keystone Liberty Pioneer Heritage Frontier Gateway Crossroads Lighthouse Silverline Bluewater
Greenfield Redstone Blackstone Whitewater Goldcrest Ironwood Stonebridge Clearwater Brightwater
Fairview Westbrook Eastgate Northfield Southport Kingsbridge Queensway Oakridge Pinecrest
Elmwood Ashford Bramley Carrow Dunmore Everly Fenwick Glenmoor Hollis Kestrel Linden"""
PLACES = _PLACES_TEXT.split()
_TRADES_TEXT = """
Logistics Dental Health Partners Cooperative Engineering Consulting Solutions Systems
Software Analytics Capital Ventures Holdings Foods Beverages Textiles Plastics Chemicals Metals
Mining Energy Power Solar Wind Water Utilities Telecom Networks Media Publishing Printing
Packaging Furniture Interiors Construction Builders Architects Surveyors Insurance Finance
Leasing Realty Properties Hotels Resorts Travel Airlines Shipping Freight Transport Motors
Automotive Aerospace Marine Robotics Electronics Semiconductors Optics Instruments Medical
Diagnostics Pharma Biotech Laboratories Clinics Veterinary Agriculture Farms Seeds Fertilizers
Bakery Dairy Brewing Distillers Wines Coffee Retail Outlets Fashion Apparel Footwear Cosmetics
Security Staffing Recruitment Training Education Learning Design Marketing Advertising Events
Studios Games Entertainment Sports Fitness Cleaning Facilities Maintenance Plumbing Electrical
Roofing Paving Steel Glass Ceramics Paper Timber Recycling Waste Environmental"""
TRADES = _TRADES_TEXT.split()


def _forms() -> list[str]:
    return [
        "Inc.",
        "LLC",
        "Ltd",
        "Limited",
        "GmbH",
        "AG",
        "S.A.",
        "SAS",
        "B.V.",
        "N.V.",
        "S.p.A.",
        "S.r.l.",
        "Pty Ltd",
        "Oy",
        "AB",
        "A/S",
        "K.K.",
        "Co., Ltd.",
        "S.L.",
        "Sp. z o.o.",
        "Ltda.",
        "Pte. Ltd.",
        "",
    ]


def filler(rng: random.Random) -> str:
    forms = _forms()
    pattern = rng.random()
    if pattern < 0.3:
        stem = f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)}"
    elif pattern < 0.6:
        stem = rng.choice(PLACES)
    elif pattern < 0.8:
        stem = rng.choice(SURNAMES)
    else:
        stem = f"{rng.choice(PLACES)} {rng.choice(PLACES)}"
    trade = rng.choice(TRADES)
    if rng.random() < 0.25:
        trade = f"{trade} {rng.choice(TRADES)}"
    return " ".join(p for p in (stem, trade, rng.choice(forms)) if p)


def composed_negative(rng: random.Random, reference: str) -> str | None:
    """A different company sharing the reference's leading name but not its trade."""
    words = reference.split()
    trade_at = [i for i, w in enumerate(words) if w in TRADES]
    if not trade_at:
        return None
    head = words[: trade_at[0]]
    other = rng.choice([t for t in TRADES if t not in words])
    return " ".join([*head, other, rng.choice(_forms())]).strip()


def main() -> None:
    rng = random.Random(SEED)
    companies = read("companies.csv")
    aliases = read("aliases.csv")
    negatives = read("negatives.csv")
    ids = {c["name"]: f"R{i:05d}" for i, c in enumerate(companies, start=1)}
    taken = {folded(n) for n in ids}
    positives = [[a["query"], a["reference"], a["kind"], a["source"], "same"] for a in aliases]
    positives += [
        [h["query"], h["reference"], "history", h["source"], h["relation"]] for h in history()
    ]
    for n in negatives:
        if n["kind"] == "family" and n["near"] in ids:
            positives.append([n["query"], n["near"], "family", n["source"], "family"])
    for text, ref, kind, source in generated_positives(rng, companies):
        relation = "family" if kind == "regional_unit" else "same"
        positives.append([text, ref, kind, source, relation])
    for p in positives:
        if p[2] in ("division", "regional_unit"):
            p[4] = "family"
    real_bases = {name_key(c["name"]) for c in companies}
    real_words: dict[str, set[str]] = {}
    for c in companies:
        for word in name_key(c["name"]).split():
            real_words.setdefault(word, set()).add(c["name"])
    positive_keys = {name_key(p[0]) for p in positives}
    hard: list[list[str]] = []
    seen: set[str] = set()
    for n in [*negatives, *hard_negatives()]:
        key = name_key(n["query"])
        if (
            n["kind"] in ("family", "NOT", "rename")
            or "NOT" in n["source"]
            or key in real_bases  # a reference company cannot be a negative
            or key in positive_keys
            or key in seen
        ):
            continue
        if n["kind"] in ("shared_word", "shared_name") and not shares_with(
            set(key.split()), real_words
        ):
            continue  # shares no telling word with any reference company: not a hard one
        seen.add(key)
        hard.append([n["query"], n["kind"], n["source"]])
    taken |= {folded(h[0]) for h in hard} | {folded(p[0]) for p in positives}
    # Names are compared without their legal form: "Weber Foods" and "Weber Foods GmbH" are one
    # company, so a filler or a composed negative must differ from every other name there too.
    taken = {name_key(n) for n in taken} | taken
    reference = [(ids[c["name"]], c["name"]) for c in companies]
    fillers: list[str] = []
    while len(reference) + len(fillers) < REFERENCE_SIZE:
        name = filler(rng)
        key = name_key(name)
        if folded(name) not in taken and key not in taken:
            taken |= {folded(name), key}
            fillers.append(name)
    reference += [(f"F{i:05d}", name) for i, name in enumerate(fillers, start=1)]
    # A composed negative whose words all stand in one reference name could be a unit of that
    # company ("Goldcrest Marine" of "Goldcrest Marine Finance"): too ambiguous to call different.
    holders: dict[str, set[int]] = {}
    for i, (_id, name) in enumerate(reference):
        for word in set(name_key(name).split()):
            holders.setdefault(word, set()).add(i)

    def contained(query: str) -> bool:
        words = set(name_key(query).split())
        sets = [holders.get(w, set()) for w in words]
        return bool(sets) and bool(set.intersection(*sets))

    composed: list[list[str]] = []
    for name in rng.sample(fillers, len(fillers)):
        if len(composed) >= COMPOSED:
            break
        query = composed_negative(rng, name)
        if (
            query
            and folded(query) not in taken
            and name_key(query) not in taken
            and not contained(query)
        ):
            taken |= {folded(query), name_key(query)}
            composed.append([query, "composed_shared_words", f"shares its name with {name}"])
    with (HERE / "reference.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name"])
        writer.writerows(reference)
    with (HERE / "queries.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "kind", "truth", "relation", "source"])
        for i, (text, ref, kind, source, relation) in enumerate(positives, start=1):
            writer.writerow([f"P{i:05d}", text, kind, ids[ref], relation, source])
        for i, (text, kind, source) in enumerate([*hard, *composed], start=1):
            writer.writerow([f"N{i:05d}", text, kind, "", "different", source])
    print(
        f"{len(reference)} reference names ({len(companies)} real), {len(positives)} positive "
        f"queries, {len(hard)} real hard negatives, {len(composed)} composed hard negatives"
    )


if __name__ == "__main__":
    main()
