"""The shipped gazetteer: well formed, inside its countries, and where it
cites GeoNames, within 1 km of the GeoNames point (re-checked here)."""

from __future__ import annotations

import csv
from importlib import resources

from scripts.check_places import load_geonames, main

PLACES = resources.files("kafo") / "data" / "places.csv"
NAMED_IN_THE_ISSUE = {
    "Zégoua",
    "Pogo",
    "Léraba",
    "Yendéré",
    "Niangoloko",
    "Koloko",
    "Hérémakono",
    "Kantchari",
    "Seytenga",
    "Makalondi",
    "Torodi",
    "Labbezanga",
    "Ayorou",
    "Faramana",
}


def test_gazetteer_passes_its_checker_including_geonames() -> None:
    assert load_geonames() is not None  # the GeoNames re-check really runs
    assert main([str(PLACES)]) == 0


def test_posts_named_for_kafo_are_present_in_the_four_countries() -> None:
    rows = list(csv.DictReader(PLACES.read_text(encoding="utf-8").splitlines()))
    names = {r["name"] for r in rows}
    assert names >= NAMED_IN_THE_ISSUE
    posts = [r for r in rows if r["kind"] in ("land_border_post", "road_checkpoint")]
    assert len(posts) >= 20
    assert {r["country"] for r in posts} == {"BF", "CI", "ML", "NE"}
