"""The country index: names, variants, demonyms, capitals and seats of power."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.countries import CountryDataError, CountryIndex


@pytest.fixture(scope="module")
def index() -> CountryIndex:
    return CountryIndex.load()


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("U.S.", "USA"), ("US", "USA"), ("America", "USA"), ("the United States", "USA"),
        ("Britain", "GBR"), ("UK", "GBR"), ("South Korea", "KOR"), ("North Korea", "PRK"),
        ("Ivory Coast", "CIV"), ("Czechia", "CZE"), ("Burma", "MMR"), ("Laos", "LAO"),
        ("Chinese", "CHN"), ("Emirati", "ARE"), ("Israeli", "ISR"), ("Americans", "USA"),
        ("Palestinian", "PSE"), ("Palestine", "PSE"), ("Kosovo", "XKX"), ("Taiwan", "TWN"),
        ("Beijing", "CHN"), ("Washington", "USA"), ("the Kremlin", "RUS"), ("Moscow", "RUS"),
        ("the White House", "USA"), ("Downing Street", "GBR"), ("CHINA", "CHN"),
        ("China's", "CHN"), ("Kenyan", "KEN"), ("Ukrainians", "UKR"), ("Kyiv", "UKR"),
    ],
)  # fmt: skip
def test_lookup(index: CountryIndex, text: str, iso3: str) -> None:
    assert index.lookup(text) == iso3


@pytest.mark.parametrize("text", ["us", "turkey", "chad", "", "the", "Springfield"])
def test_lowercase_words_and_unknowns_are_not_countries(index: CountryIndex, text: str) -> None:
    assert index.lookup(text) is None


def test_no_virgin_islands_for_us(index: CountryIndex) -> None:
    assert index.lookup("U.S.") != "VIR"


def test_metonyms(index: CountryIndex) -> None:
    assert index.metonym("the Pentagon") == ("USA", "MIL")
    assert index.metonym("the Kremlin") == ("RUS", "GOV")
    assert index.metonym("Beijing") == ("CHN", "GOV")
    assert index.metonym("China") is None
    assert index.kind("Chinese") == "adjective"
    assert index.kind("Beijing") == "capital"


def test_every_country_has_a_name(index: CountryIndex) -> None:
    assert len(index.countries) >= 249
    assert all(c.name for c in index.countries.values())
    assert index.name("XKX") == "Kosovo"


def test_bad_file_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "c.tsv"
    bad.write_text("iso3\tiso2\tname\tnames\tadjectives\tcapitals\tseats\nusa\tUS\tX\t\t\t\t\n")
    with pytest.raises(CountryDataError):
        CountryIndex.load(bad)
    bad.write_text("iso3\tiso2\tname\tnames\tadjectives\tcapitals\tseats\n"
                   "USA\tUS\tX\t\t\t\tPentagon\n")
    with pytest.raises(CountryDataError):
        CountryIndex.load(bad)
