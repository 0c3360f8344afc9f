"""The built-in gazetteer: cities found however they are typed, and every country's sales region."""

from __future__ import annotations

from trellis.core import places


def test_cities_are_found_whatever_the_case_accents_and_spacing() -> None:
    assert (
        places.coordinates("DE", "München")
        == places.coordinates("de", " munchen ")
        == (48.14, 11.58)
    )
    assert places.coordinates("JP", "東京") == places.coordinates("JP", "Tokyo")


def test_unknown_cities_and_empty_names_have_no_coordinates() -> None:
    assert places.coordinates("DE", "Kleinkleckersdorf") is None
    assert places.coordinates("DE", "") is None
    assert places.coordinates("FR", "Berlin") is None  # the country matters


def test_regions_follow_the_sales_map() -> None:
    assert [places.region_of(c) for c in ("US", "br", "DE", "JP", "ZA")] == [
        "na",
        "latam",
        "emea",
        "apac",
        "emea",
    ]
    assert places.region_of("AQ") == ""
    assert "Berlin" in places.cities_in("de")
