"""The team's cluster corpus (tests/fixtures/clusters/): four happenings reported by 14
articles, coded by the real pipeline and clustered at ingest, must give exactly the
clusters written down in expected.jsonl before the code first ran; and the Kyiv example
is one strike, counted once on the RUS-UKR timeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from newsevents.model import CodedArticle
from newsevents.read import read_paths
from newsevents.store import ClusterFilter, Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "clusters"


def expected() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (FIXTURES / "expected.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def coded(pipeline: Any) -> list[CodedArticle]:
    articles = [a for a in read_paths([str(FIXTURES / "corpus.jsonl")])]
    return list(pipeline.code_articles(articles))


def _happenings() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in expected():
        if "article" in row:
            h = out.setdefault(row["happening"], {**row, "articles": set()})
            h["articles"].add(row["article"])
    return out


def _article_sets(store: Store, plover: str, a: str, b: str) -> dict[str, set[str]]:
    """cluster id -> its articles, for the factual clusters of that type between a and b
    (either direction)."""
    found = {}
    for c in store.iter_clusters(ClusterFilter(dyad=f"{a}:{b}", plover=plover, factual_only=True)):
        detail = store.get_cluster(c.cluster_id)
        assert detail is not None
        found[c.cluster_id] = {x.id for x in detail.articles}
    return found


# A happening whose exact cluster the coder does not let us reach today, and why. The
# expectation stays as written; strict xfail turns into a failure once it passes again.
CODER_MISSES = {
    "kharkiv-strike-2024-07-26": "since main's calibrated confidence (issue #10, default "
    "min_confidence 0.45), h1-guardian's 'Russia bombed Kharkiv late on Friday' (ASSAULT "
    "RUS-UKR, CAMEO 183) scores 0.437 (its target, a city, is no political actor to the model) and is left out, so that article cannot join the cluster",
}


def _params() -> list[Any]:
    out = []
    for name in sorted(_happenings()):
        for arrival in ("one batch", "one by one"):
            marks = []
            if name in CODER_MISSES:
                marks.append(pytest.mark.xfail(strict=True, reason=CODER_MISSES[name]))
            out.append(pytest.param(name, arrival, marks=marks, id=f"{name}-{arrival}"))
    return out


@pytest.fixture(scope="module")
def stores(coded: list[CodedArticle], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The corpus ingested in one batch, and article by article."""
    out = {}
    for arrival in ("one batch", "one by one"):
        path = str(tmp_path_factory.mktemp("corpus") / "c.db")
        with Store.open(path) as store:
            if arrival == "one batch":
                store.ingest(coded)
            else:
                for c in coded:
                    store.ingest([c])
        out[arrival] = path
    return out


@pytest.mark.parametrize("name, arrival", _params())
def test_each_happening_is_exactly_one_cluster(
    stores: dict[str, str], name: str, arrival: str
) -> None:
    h = _happenings()[name]
    counts = {r["happening"]: r for r in expected() if "num_sources" in r}[name]
    with Store.open(stores[arrival], create=False) as store:
        sets = _article_sets(store, h["plover"], h["source"], h["target"])
        holding = [s for s in sets.values() if s & h["articles"]]
        assert holding == [h["articles"]], f"{name}: {holding}"
        (cid,) = [cid for cid, s in sets.items() if s == h["articles"]]
        c = store.get_cluster(cid)
    assert c is not None
    assert (c.num_articles, c.num_sources) == (counts["num_articles"], counts["num_sources"])


@pytest.mark.parametrize("arrival", ["one batch", "one by one"])
def test_syndicated_copies_are_linked_to_their_originals(
    stores: dict[str, str], arrival: str
) -> None:
    with Store.open(stores[arrival], create=False) as store, store.engine.connect() as conn:
        links = dict(conn.execute(text("SELECT article_id, original_id FROM article_links")).all())
    assert links == {r["syndicated"]: r["original"] for r in expected() if "syndicated" in r}


def test_kyiv_example_is_one_strike_counted_once(pipeline: Any, tmp_path: Path) -> None:
    articles = list(read_paths([str(ROOT / "examples" / "russia-missile-strike-kyiv.txt")]))
    (coded,) = list(pipeline.code_articles(articles))
    strikes = [
        e for e in coded.events
        if e.plover == "ASSAULT" and e.factual and e.source[0].country == "RUS"
    ]  # fmt: skip
    assert len(strikes) == 1
    assert strikes[0].mentions >= 3
    with Store.open(str(tmp_path / "kyiv.db")) as store:
        store.ingest([coded])
        events = store.dyad_timeline("RUS", "UKR", "day")
        happenings = store.cluster_timeline("RUS", "UKR", "day")
    assert sum(p.by_quad_class[4] for p in events) == 1
    assert sum(p.by_quad_class[4] for p in happenings) == 1
