"""Where places are: a small built-in gazetteer of business cities, and each country's sales region.

Lead routing measures proximity between a lead and a partner. Coordinates
given explicitly always win; otherwise a city found here supplies them, and
routing falls back to same city / country / region when neither side has any.
No network lookups: the machine that runs Trellis may have no internet.
"""

from __future__ import annotations

import unicodedata

# Sales regions (the codes of partners.Region) by ISO 3166-1 alpha-2 country.
_REGIONS = {
    "na": "US CA",
    "latam": "MX BR AR CL CO PE EC UY PY BO VE CR PA GT DO PR HN SV NI CU JM TT",
    "emea": (
        "GB IE DE AT CH FR BE NL LU ES PT IT SE NO DK FI IS PL CZ SK HU RO BG GR HR SI "
        "RS BA ME MK AL EE LV LT "
        "UA BY MD RU TR IL AE SA QA KW BH OM JO LB EG MA DZ TN NG KE GH ZA ET TZ UG CI "
        "SN CM AO MZ ZW BW NA MT CY"
    ),
    "apac": "JP KR CN TW HK MO SG MY TH VN PH ID IN PK BD LK NP AU NZ",
}
REGION_OF = {country: region for region, codes in _REGIONS.items() for country in codes.split()}

# (country, city) -> (latitude, longitude); city names as people write them locally.
_CITIES: dict[str, dict[str, tuple[float, float]]] = {
    "US": {
        "New York": (40.71, -74.01),
        "Austin": (30.27, -97.74),
        "Chicago": (41.88, -87.63),
        "Seattle": (47.61, -122.33),
        "Atlanta": (33.75, -84.39),
        "Denver": (39.74, -104.99),
        "Boston": (42.36, -71.06),
        "San Jose": (37.34, -121.89),
        "San Francisco": (37.77, -122.42),
        "Los Angeles": (34.05, -118.24),
        "Dallas": (32.78, -96.80),
        "Washington": (38.91, -77.04),
    },
    "CA": {
        "Toronto": (43.65, -79.38),
        "Vancouver": (49.28, -123.12),
        "Calgary": (51.05, -114.07),
        "Ottawa": (45.42, -75.70),
        "Montréal": (45.50, -73.57),
    },
    "GB": {
        "London": (51.51, -0.13),
        "Manchester": (53.48, -2.24),
        "Leeds": (53.80, -1.55),
        "Bristol": (51.45, -2.59),
        "Edinburgh": (55.95, -3.19),
        "Birmingham": (52.49, -1.89),
    },
    "IE": {"Dublin": (53.35, -6.26), "Cork": (51.90, -8.47), "Galway": (53.27, -9.05)},
    "AU": {
        "Sydney": (-33.87, 151.21),
        "Melbourne": (-37.81, 144.96),
        "Brisbane": (-27.47, 153.03),
        "Perth": (-31.95, 115.86),
    },
    "NZ": {"Auckland": (-36.85, 174.76), "Wellington": (-41.29, 174.78)},
    "ZA": {
        "Johannesburg": (-26.20, 28.05),
        "Cape Town": (-33.92, 18.42),
        "Durban": (-29.86, 31.03),
    },
    "DE": {
        "Berlin": (52.52, 13.40),
        "München": (48.14, 11.58),
        "Hamburg": (53.55, 9.99),
        "Köln": (50.94, 6.96),
        "Frankfurt am Main": (50.11, 8.68),
        "Stuttgart": (48.78, 9.18),
        "Düsseldorf": (51.23, 6.77),
        "Leipzig": (51.34, 12.37),
        "Hannover": (52.37, 9.73),
    },
    "AT": {"Wien": (48.21, 16.37), "Graz": (47.07, 15.44), "Linz": (48.31, 14.29)},
    "CH": {
        "Zürich": (47.38, 8.54),
        "Basel": (47.56, 7.59),
        "Bern": (46.95, 7.45),
        "Genève": (46.20, 6.15),
    },
    "FR": {
        "Paris": (48.86, 2.35),
        "Lyon": (45.76, 4.84),
        "Marseille": (43.30, 5.37),
        "Toulouse": (43.60, 1.44),
        "Lille": (50.63, 3.06),
        "Nantes": (47.22, -1.55),
        "Bordeaux": (44.84, -0.58),
    },
    "BE": {
        "Bruxelles": (50.85, 4.35),
        "Liège": (50.63, 5.57),
        "Namur": (50.47, 4.87),
        "Antwerpen": (51.22, 4.40),
    },
    "ES": {
        "Madrid": (40.42, -3.70),
        "Barcelona": (41.39, 2.17),
        "Valencia": (39.47, -0.38),
        "Sevilla": (37.39, -5.98),
        "Bilbao": (43.26, -2.93),
    },
    "MX": {
        "Ciudad de México": (19.43, -99.13),
        "Monterrey": (25.69, -100.32),
        "Guadalajara": (20.66, -103.35),
    },
    "AR": {"Buenos Aires": (-34.60, -58.38), "Córdoba": (-31.42, -64.18)},
    "CL": {"Santiago": (-33.45, -70.67), "Valparaíso": (-33.05, -71.62)},
    "CO": {"Bogotá": (4.71, -74.07), "Medellín": (6.24, -75.58), "Cali": (3.45, -76.53)},
    "BR": {
        "São Paulo": (-23.55, -46.63),
        "Rio de Janeiro": (-22.91, -43.17),
        "Belo Horizonte": (-19.92, -43.94),
        "Curitiba": (-25.43, -49.27),
        "Porto Alegre": (-30.03, -51.23),
    },
    "PT": {"Lisboa": (38.72, -9.14), "Porto": (41.15, -8.61), "Braga": (41.55, -8.42)},
    "IT": {
        "Milano": (45.46, 9.19),
        "Roma": (41.90, 12.50),
        "Torino": (45.07, 7.69),
        "Bologna": (44.49, 11.34),
        "Napoli": (40.85, 14.27),
    },
    "NL": {
        "Amsterdam": (52.37, 4.90),
        "Rotterdam": (51.92, 4.48),
        "Utrecht": (52.09, 5.12),
        "Eindhoven": (51.44, 5.47),
    },
    "SE": {"Stockholm": (59.33, 18.07), "Göteborg": (57.71, 11.97), "Malmö": (55.60, 13.00)},
    "NO": {"Oslo": (59.91, 10.75), "Bergen": (60.39, 5.32)},
    "DK": {"København": (55.68, 12.57), "Aarhus": (56.16, 10.20)},
    "FI": {"Helsinki": (60.17, 24.94), "Tampere": (61.50, 23.76)},
    "PL": {
        "Warszawa": (52.23, 21.01),
        "Kraków": (50.06, 19.94),
        "Wrocław": (51.11, 17.04),
        "Gdańsk": (54.35, 18.65),
    },
    "CZ": {"Praha": (50.08, 14.44), "Brno": (49.20, 16.61)},
    "JP": {
        "東京": (35.68, 139.69),
        "大阪": (34.69, 135.50),
        "名古屋": (35.18, 136.91),
        "横浜": (35.44, 139.64),
        "福岡": (33.59, 130.40),
        "札幌": (43.06, 141.35),
        "京都": (35.01, 135.77),
        "Tokyo": (35.68, 139.69),
        "Osaka": (34.69, 135.50),
    },
    "KR": {"Seoul": (37.57, 126.98), "Busan": (35.18, 129.08), "Incheon": (37.46, 126.71)},
    "IN": {
        "Bengaluru": (12.97, 77.59),
        "Mumbai": (19.08, 72.88),
        "Pune": (18.52, 73.86),
        "Hyderabad": (17.39, 78.49),
        "Chennai": (13.08, 80.27),
        "New Delhi": (28.61, 77.21),
    },
    "SG": {"Singapore": (1.35, 103.82)},
    "AE": {"Dubai": (25.20, 55.27), "Abu Dhabi": (24.45, 54.38)},
    "IL": {"Tel Aviv": (32.09, 34.78), "Haifa": (32.79, 34.99)},
    "TR": {"İstanbul": (41.01, 28.98), "Ankara": (39.93, 32.86), "İzmir": (38.42, 27.14)},
}


def _key(city: str) -> str:
    """Case, accents and spacing do not matter: 'Munchen', 'MÜNCHEN' and 'München' are one city."""
    folded = unicodedata.normalize("NFKD", city.strip().casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


_INDEX = {
    (country, _key(city)): point
    for country, cities in _CITIES.items()
    for city, point in cities.items()
}


def coordinates(country: str, city: str) -> tuple[float, float] | None:
    """The city's coordinates when the gazetteer knows it."""
    if not city:
        return None
    return _INDEX.get((country.strip().upper(), _key(city)))


def cities_in(country: str) -> list[str]:
    """The gazetteer's cities in a country, as written locally."""
    return list(_CITIES.get(country.strip().upper(), {}))


def region_of(country: str) -> str:
    """The sales region of a country ('' when not mapped)."""
    return REGION_OF.get(country.strip().upper(), "")
