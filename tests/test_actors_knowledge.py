"""The actor knowledge base: data files, dated roles, codes, user overrides."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsevents.actors import ActorDataError, ActorEntry, KnowledgeBase, Role
from newsevents.actors.codes import split_code
from newsevents.actors.knowledge import parse_tsv_roles, pluralise, read_actor_file, read_noun_kinds
from newsevents.actors.matching import is_case_sensitive, word_keys
from newsevents.countries import CountryIndex

D = dt.date


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _entry(*roles: Role) -> ActorEntry:
    return ActorEntry("Some One", (), roles, "person", "hand")


def test_role_on_date_picks_the_office_held_then() -> None:
    e = _entry(
        Role("USAGOV", "USA", "GOV", D(2021, 1, 20), D(2025, 1, 20), "President"),
        Role("USAELI", "USA", "ELI", D(2025, 1, 20), None),
    )
    assert e.role_on(D(2024, 7, 27)).sector == "GOV"  # type: ignore[union-attr]
    assert e.role_on(D(2025, 1, 20)).sector == "ELI"  # type: ignore[union-attr]
    # no date: the latest office, not the "former official" role after it
    assert e.role_on(None).sector == "GOV"  # type: ignore[union-attr]


def test_role_after_every_office_ended_keeps_only_the_country() -> None:
    e = _entry(Role("ISRGOV", "ISR", "GOV", D(2022, 12, 29), D(2024, 11, 5), "Defence Minister"))
    role = e.role_on(D(2025, 3, 1))
    assert role is not None and role.country == "ISR" and role.sector is None


def test_undated_role_is_the_fallback() -> None:
    e = _entry(Role("CHNGOV", "CHN", "GOV", role="Foreign Ministry Spokeswoman"))
    assert e.role_on(D(2030, 1, 1)).code == "CHNGOV"  # type: ignore[union-attr]
    assert e.role_on(None).code == "CHNGOV"  # type: ignore[union-attr]


def test_title_sector_chooses_among_undated_roles() -> None:
    e = _entry(
        Role("LBNMIL", "LBN", "MIL", D(2017, 3, 8), D(2025, 1, 9)),
        Role("LBNGOV", "LBN", "GOV", D(2025, 1, 9), None),
    )
    assert e.role_on(None, "MIL").sector == "MIL"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "country", "sector", "out"),
    [
        ("USAGOV", "USA", "GOV", "USAGOV"), ("PSEREBHMS", "PSE", "REB", "PSEREB"),
        ("IGOUNO", None, "IGO", "IGOUNO"), ("IGOWSTNAT", None, "IGO", "IGOWSTNAT"),
        ("MNCUSA", "USA", "BUS", "USABUS"), ("KSV", "XKX", None, "XKX"),
        ("MEAREB", None, "REB", "MEAREB"), ("AFG", "AFG", None, "AFG"),
    ],
)  # fmt: skip
def test_split_code(code: str, country: str | None, sector: str | None, out: str) -> None:
    assert split_code(code) == {"code": out, "country": country, "sector": sector}


def test_split_code_sector_only_takes_previous_country() -> None:
    assert split_code("ELI", "USA") == {"code": "USAELI", "country": "USA", "sector": "ELI"}
    assert split_code("---") is None


def test_word_keys_ignore_tokenisation_of_hyphens_and_dots() -> None:
    assert word_keys("Lai Ching-te") == ["lai", "ching", "te"]
    assert word_keys("U.S. Secretary") == ["us", "secretary"]
    assert is_case_sensitive("US") and is_case_sensitive("PRC") and not is_case_sensitive("Nato")


def test_tsv_roles_and_plurals() -> None:
    roles = parse_tsv_roles("USAGOV 2021-01-26..2025-01-20 Secretary of State; USAELI 2025-01-20..")
    assert roles[0] == {"code": "USAGOV", "start": "2021-01-26", "end": "2025-01-20",
                        "role": "Secretary of State"}  # fmt: skip
    assert roles[1]["end"] is None
    assert pluralise("foreign ministry") == "foreign ministries"
    assert pluralise("police chief") == "police chiefs" and pluralise("policeman") == "policemen"


def test_package_knowledge_base(kb: KnowledgeBase) -> None:
    names = {e.name: e for e in kb.entries}
    assert len(kb.entries) > 20000
    blinken = names["Antony Blinken"]
    role = blinken.role_on(D(2024, 7, 27))
    assert role is not None and role.code == "USAGOV" and role.role == "Secretary of State"
    assert names["Hamas"].role_on(None).country == "PSE"  # type: ignore[union-attr]
    assert names["Fatah"].role_on(None).country == "PSE"  # type: ignore[union-attr]
    nato = names["NATO"].role_on(None)
    assert nato is not None and nato.code == "IGOWSTNAT" and nato.country is None
    people = [e for e in kb.entries if e.source == "hand" and e.kind == "person"]
    assert len(people) >= 300
    assert all(any(r.dated for r in p.roles) or p.roles for p in people)


def test_user_files_override_and_add(tmp_path: Path) -> None:
    actors = tmp_path / "mine.jsonl"
    actors.write_text(
        json.dumps({"name": "Antony Blinken", "aliases": ["Tony B."],
                    "roles": [{"code": "FRAGOV", "start": "2020-01-01"}]}) + "\n"
        + json.dumps({"name": "Zork Zorkovich", "roles": [{"code": "XKXOPP"}]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    agents = tmp_path / "my_agents.tsv"
    agents.write_text("phrase\tplural\tsector\nwidget maker\t\tBUS\n", encoding="utf-8")
    kb = KnowledgeBase.load(extra_files=[actors, agents])
    names = {e.name: e for e in kb.entries}
    assert names["Antony Blinken"].role_on(D(2024, 1, 1)).code == "FRAGOV"  # type: ignore[union-attr]
    assert "Tony Blinken" in names["Antony Blinken"].aliases  # old aliases are kept
    assert names["Zork Zorkovich"].source == "user"
    assert any(a.phrase == "widget makers" and a.sector == "BUS" for a in kb.agents)


@pytest.mark.parametrize(
    "line",
    [
        '{"name": "X", "roles": [{"code": "ZZZGOV"}]}',
        '{"name": "X", "roles": [{"code": "USAGOV", "start": "2020-13-01"}]}',
        '{"name": "", "roles": [{"code": "USAGOV"}]}',
        '{"name": "X", "roles": []}',
        '{"name": "X", "roles": [{"country": "USA", "sector": "XYZ"}]}',
        "not json",
    ],
)
def test_bad_actor_files_are_rejected_with_file_and_line(tmp_path: Path, line: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match="bad.jsonl:1"):
        list(read_actor_file(bad, "user", frozenset(CountryIndex.load().countries)))


def test_missing_user_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ActorDataError, match="cannot read"):
        list(read_actor_file(tmp_path / "nope.jsonl", "user", frozenset({"USA"})))


def test_noun_kinds_are_checked_on_load() -> None:
    kinds = read_noun_kinds()
    assert "journalist" in kinds["person"] and "council" in kinds["association"]
    assert "government" not in kinds["person"]  # a body, not one person
    with pytest.raises(ActorDataError, match="nouns.tsv:2"):
        read_noun_kinds("noun\tkind\nminister\tpeople\n")
