"""The country crosswalk: ISO alpha-3 <-> COW, Gleditsch-Ward, FIPS 10-4."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.countries import CountryIndex
from newsevents.country_codes import CountryCodeError, CountryCrosswalk


@pytest.fixture(scope="module")
def codes() -> CountryCrosswalk:
    return CountryCrosswalk.load()


def test_every_country_newsevents_codes_is_in_the_crosswalk(codes: CountryCrosswalk) -> None:
    ours = set(CountryIndex.load().countries)
    assert {row.iso3 for row in codes} == ours


@pytest.mark.parametrize(
    ("iso3", "cow", "gw", "fips"),
    [
        ("USA", 2, 2, "US"), ("GBR", 200, 200, "UK"), ("DEU", 255, 260, "GM"),
        ("RUS", 365, 365, "RS"), ("UKR", 369, 369, "UP"), ("CHN", 710, 710, "CH"),
        ("ISR", 666, 666, "IS"), ("SRB", 345, 340, "RI"), ("YEM", 679, 678, "YM"),
        ("XKX", 347, 347, "KV"), ("SSD", 626, 626, "OD"), ("PSE", None, None, "WE"),
        ("HKG", None, None, "HK"),
    ],
)  # fmt: skip
def test_known_codes(codes: CountryCrosswalk, iso3: str, cow: int, gw: int, fips: str) -> None:
    assert (codes.cow(iso3), codes.gw(iso3), codes.fips(iso3)) == (cow, gw, fips)


def test_lookups_go_both_ways(codes: CountryCrosswalk) -> None:
    for row in codes:
        for code in row.fips:
            assert codes.from_fips(code) == row.iso3
        if row.cow is not None:
            assert codes.from_cow(row.cow) == row.iso3
        if row.gw is not None:
            assert codes.from_gw(row.gw) == row.iso3
    assert codes.from_fips("GZ") == "PSE" and codes.from_fips("gm") == "DEU"
    assert codes.get("zzz") is None and codes.cow(None) is None


def test_most_states_have_all_three_codes(codes: CountryCrosswalk) -> None:
    complete = [r for r in codes if r.cow and r.gw and r.fips]
    assert len(complete) >= 170  # UN members less the microstates G&W leave out
    assert all(r.note for r in codes if r.cow and not r.gw)


@pytest.mark.parametrize(
    "text",
    [
        "iso3\tname\n",
        "iso3\tname\tcow\tcow_abbr\tgw\tgw_abbr\tfips\tnote\nusa\tX\t2\tUSA\t2\tUSA\tUS\t\n",
        "iso3\tname\tcow\tcow_abbr\tgw\tgw_abbr\tfips\tnote\nUSA\tX\ttwo\tUSA\t2\tUSA\tUS\t\n",
        "iso3\tname\tcow\tcow_abbr\tgw\tgw_abbr\tfips\tnote\nUSA\tX\t2\tUSA\t2\tUSA\tUSA\t\n",
        "iso3\tname\tcow\tcow_abbr\tgw\tgw_abbr\tfips\tnote\nUSA\tX\t2\tUSA\t2\tUSA\tUS\t\n"
        "CAN\tY\t2\tCAN\t20\tCAN\tCA\t\n",
    ],
)
def test_malformed_tables_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CountryCodeError):
        CountryCrosswalk.load(path)
