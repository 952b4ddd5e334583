"""The snapshot cache: what a process reads back is what a build makes, a changed input
makes a new snapshot, and a cache file can never run code."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from newsevents.actors import KnowledgeBase
from newsevents.actors.snapshot import LazyEntries
from newsevents.cache import SnapshotCache, default_folder
from newsevents.read.dateline import DatelineParser
from newsevents.where import Gazetteer


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(folder))
    return folder


def test_cache_folder_follows_the_environment(tmp_path: Path) -> None:
    assert default_folder({"NEWSEVENTS_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert default_folder({"NEWSEVENTS_CACHE_DIR": "off"}) is None
    assert default_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "newsevents"


def test_knowledge_base_read_back_equals_the_build(cache_dir: Path) -> None:
    built = KnowledgeBase.load()  # builds and stores
    assert list(cache_dir.glob("actors-*.pickle"))
    read = KnowledgeBase.load()  # reads the snapshot
    assert isinstance(read.entries, LazyEntries) and not isinstance(built.entries, LazyEntries)
    assert len(read.entries) == len(built.entries) and len(read.trie) == len(built.trie)
    assert list(read.entries) == list(built.entries)
    keys = list(built.trie._table)
    assert all(read.trie.get(k) == built.trie.get(k) for k in keys)
    words = ["secretary", "of", "state", "antony", "blinken", "met", "wang", "yi"]
    assert [read.trie.candidates(words, i) for i in range(len(words))] == [
        built.trie.candidates(words, i) for i in range(len(words))
    ]
    assert [(a.phrase, a.sector) for a in read.agents] == [
        (a.phrase, a.sector) for a in built.agents
    ]


def test_an_edited_user_file_is_never_read_stale(cache_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.jsonl"
    mine.write_text('{"name": "Zorblat Quux", "roles": [{"code": "USAGOV"}]}\n')
    first = KnowledgeBase.load(extra_files=[mine])
    assert first.trie.get(("zorblat", "quux"))
    mine.write_text('{"name": "Zorblat Quux", "roles": [{"code": "FRAMIL"}]}\n')
    again = KnowledgeBase.load(extra_files=[mine])
    (payload,) = [p for p in again.trie.get(("zorblat", "quux")) if p.kind == "entry"]
    assert again.entries[int(payload.ref)].roles[0].code == "FRAMIL"


def test_gazetteer_and_dateline_cities_read_back_equal_the_build(cache_dir: Path) -> None:
    built = Gazetteer.build()
    Gazetteer.load()
    read = Gazetteer.load()
    assert list(cache_dir.glob("gazetteer-*.pickle"))
    for name, hint in [("Vientiane", None), ("Kiev", "UKR"), ("Springfield", "USA"),
                       ("Gaza", None), ("Sao Paulo", None), ("Laos", None), ("Nowhere-on-Earth", None),
                       ("Darfur", None), ("the Ladakh region", None), ("Texas", "USA"),
                       ("North Darfur", None), ("the White House", None), ("the Saudi capital", None),
                       ("Paris", None)]:  # fmt: skip
        assert read.geocode(name, hint) == built.geocode(name, hint), name
    assert read.region_of("USA", "Texas") == built.region_of("USA", "Texas") is not None
    parser = DatelineParser.load()
    assert parser.parse("ODESA, March 3 (AP) — Drones hit the port.") is not None
    assert list(cache_dir.glob("dateline-cities-*.pickle"))
    fresh = DatelineParser.load()
    assert fresh._city_country("Odesa") == parser._city_country("Odesa") == "UKR"


def test_users_place_files_go_on_top_of_the_snapshot(cache_dir: Path, tmp_path: Path) -> None:
    Gazetteer.load()  # the built-in places, kept as a snapshot
    mine = tmp_path / "places.tsv"
    mine.write_text("name\talternates\tcountries\tprecision\tlat\tlon\nZorblat Ridge\t\tUKR\tregion\t48.1\t37.2\n")
    found = Gazetteer.load(area_files=[mine]).geocode("Zorblat Ridge")
    assert found is not None and (found.country, found.precision) == ("UKR", "region")
    assert Gazetteer.load().geocode("Zorblat Ridge") is None  # never kept in the snapshot


def test_a_cache_file_cannot_run_code(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    inputs = [b"source"]
    path = cache.path("thing", cache.key("thing", inputs))
    assert path is not None

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    path.write_bytes(pickle.dumps(Boom()))
    value = cache.load_or_build("thing", inputs, lambda: {"built": 1}, lambda v: v, lambda v: v)
    assert value == {"built": 1}
    assert not (tmp_path / "pwned").exists()
    assert cache.load_or_build("thing", inputs, lambda: {"x": 2}, lambda v: v, lambda v: v) == {
        "built": 1
    }  # the rebuilt snapshot replaced the hostile file


def test_an_unwritable_or_disabled_cache_still_builds(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    for cache in (SnapshotCache(blocked / "sub"), SnapshotCache(None)):
        value = cache.load_or_build("thing", [b"a"], lambda: [1, 2], list, list)
        assert value == [1, 2]
