"""Event clusters in the store: the same partition however articles arrive (one batch,
one by one, reversed, replaced), equal to the all-at-once reference ``cluster_all``, on
SQLite and PostgreSQL. Articles and events are built by hand (no model needed)."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import require_service
from newsevents.cluster import ArticleInfo, ClusterConfig, cluster_all, member_of
from newsevents.model import Actor, Article, CodedArticle, Event, Location
from newsevents.store import ClusterFilter, Store
from newsevents.store.engine import create_store_engine, resolve_url
from newsevents.store.schema import metadata

RUS = Actor("Russia", "Russia", "RUS", "RUS", None)
RUSMIL = Actor("Russian forces", None, "RUSMIL", "RUS", "MIL")
UKR = Actor("Ukraine", "Ukraine", "UKR", "UKR", None)
USA = Actor("Blinken", "Antony Blinken", "USAGOV", "USA", "GOV")
CHN = Actor("Wang Yi", "Wang Yi", "CHNGOV", "CHN", "GOV")
KYIV = Location("Kyiv", "UKR", 50.45, 30.52, 703448)
KHARKIV = Location("Kharkiv", "UKR", 50.0, 36.25, 706483)
D = dt.date(2024, 7, 26)

WIRE = (
    "Russian forces struck the Ukrainian city of Kharkiv with guided bombs, killing three "
    "people and wounding nineteen, the regional governor said, adding that rescue teams "
    "were still searching the rubble of a printing house in the north of the city."
)


def article(aid: str, day: dt.date | None, outlet: str | None, body: str = "") -> Article:
    return Article(
        id=aid,
        title=aid,
        date=day,
        paragraphs=(body or f"Story {aid} body text.",),
        url=f"https://{outlet}/{aid}" if outlet else None,
        outlet=outlet,
    )


def event(
    a: Article,
    i: int,
    source: Actor,
    target: Actor,
    plover: str = "ASSAULT",
    cameo: str = "190",
    day: dt.date | None = None,
    sentence: str = "On Friday it happened.",
    where: Location | None = None,
    precision: str = "day",
) -> Event:
    return Event(
        article_id=a.id, sentence_index=i, sentence=sentence, trigger="x",
        span=(i * 10, i * 10 + 5), source=(source,), target=(target,), cameo=cameo,
        plover=plover, quad_class=4, goldstein=-10.0, date=day,
        date_precision=precision if day else None, location=where, confidence=0.7,
    )  # fmt: skip


def corpus() -> list[CodedArticle]:
    """Four happenings and their traps: a second strike a day later, a strike elsewhere
    on the same day, vague reports that fit one strike or two, copies of a wire story."""
    out = []
    # Strike on Kharkiv on D, from three outlets; one dates it only by its publication.
    a1 = article("a1", D, "one.example")
    out.append(CodedArticle(a1, (event(a1, 0, RUS, UKR, day=D, where=KHARKIV),)))
    a2 = article("a2", D + dt.timedelta(days=1), "two.example")
    out.append(CodedArticle(a2, (event(a2, 0, RUSMIL, UKR, day=D, sentence="On Friday ..."),)))
    a3 = article("a3", D, "three.example")
    out.append(CodedArticle(a3, (event(a3, 0, RUS, UKR, day=D, sentence="Officials said."),)))
    # A second strike on Kharkiv the next day, and one on Kyiv that day.
    a4 = article("a4", D + dt.timedelta(days=1), "four.example")
    out.append(CodedArticle(a4, (
        event(a4, 0, RUS, UKR, day=D + dt.timedelta(days=1), sentence="On Saturday x.", where=KHARKIV),
        event(a4, 1, RUS, UKR, day=D + dt.timedelta(days=1), sentence="On Saturday y.", where=KYIV),
    )))  # fmt: skip
    # Undated in its sentence, published the day after: D or D+1, which hold three
    # strikes: it stays apart.
    a5 = article("a5", D + dt.timedelta(days=1), "five.example")
    out.append(
        CodedArticle(
            a5, (event(a5, 0, RUS, UKR, day=D + dt.timedelta(days=1), sentence="Strikes."),)
        )
    )
    # A week-precision report of talks, and the talks dated to the day.
    a6 = article("a6", D + dt.timedelta(days=10), "six.example")
    out.append(CodedArticle(a6, (event(a6, 0, USA, CHN, "CONSULT", "040", day=D - dt.timedelta(days=4),
                                       sentence="Last week they met.", precision="week"),)))  # fmt: skip
    a7 = article("a7", D + dt.timedelta(days=1), "seven.example")
    out.append(CodedArticle(a7, (event(a7, 0, CHN, USA, "CONSULT", "040", day=D, sentence="On Friday they met."),)))  # fmt: skip
    # A wire story and two copies, with undated events: one happening, one source.
    for aid, outlet, day in (("w1", "wire.example", D), ("w2", "copy.example", D), ("w3", "mirror.example", D + dt.timedelta(days=2))):  # fmt: skip
        w = article(aid, day, outlet, WIRE + ("" if aid == "w1" else " Copyright."))
        out.append(CodedArticle(w, (event(w, 0, RUSMIL, UKR, "COERCE", "173", day=None),)))
    # No outlet at all: its own source.
    a8 = article("a8", D, None)
    out.append(CodedArticle(a8, (event(a8, 0, RUS, UKR, day=D, where=KHARKIV),)))
    return out


def snapshot(store: Store) -> dict[str, tuple[object, ...]]:
    """Every cluster with its members (by event id) and counts."""
    with store.engine.connect() as conn:
        members = conn.execute(text(
            "SELECT m.cluster_id, e.event_id FROM cluster_members m "
            "JOIN events e ON e.event_key = m.event_key"
        )).all()  # fmt: skip
        rows = conn.execute(text(
            "SELECT cluster_id, num_events, num_articles, num_sources, date, date_end, "
            "date_precision, first_seen, last_seen, outlets, place FROM clusters"
        )).all()  # fmt: skip
        event_cids = dict(conn.execute(text("SELECT event_id, cluster_id FROM events")).all())
    by_cluster: dict[str, list[str]] = {}
    for cid, eid in members:
        by_cluster.setdefault(cid, []).append(eid)
        assert event_cids[eid] == cid  # the event row agrees with its member row
    return {r[0]: (tuple(sorted(by_cluster[r[0]])), *(str(x) for x in r[1:])) for r in rows}


def ingest_all(
    url: str, batches: Sequence[Sequence[CodedArticle]]
) -> dict[str, tuple[object, ...]]:
    with Store.open(url) as store:
        for batch in batches:
            store.ingest(batch, commit_every=max(1, len(batch)))
        return snapshot(store)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "c.db")


def reference(coded: list[CodedArticle]) -> dict[str, list[str]]:
    """cluster id -> event ids, computed all at once by the pure reference."""
    families = {"w1": "w1", "w2": "w1", "w3": "w1"}
    members, ids = [], {}
    for n, c in enumerate(coded):
        info = ArticleInfo(c.article.id, c.article.date, c.article.outlet,
                           families.get(c.article.id, c.article.id))  # fmt: skip
        for k, e in enumerate(c.events):
            key = n * 100 + k
            ids[key] = e.event_id
            members.append(member_of(e, key, info))
    out: dict[str, list[str]] = {}
    for key, cid in cluster_all(members).items():
        out.setdefault(cid, []).append(ids[key])
    return {cid: sorted(v) for cid, v in out.items()}


def test_clusters_are_the_happenings(sqlite_url: str) -> None:
    coded = corpus()
    got = ingest_all(sqlite_url, [coded])
    by_members = {v[0]: v for v in got.values()}
    eid = {(c.article.id, e.sentence_index): e.event_id for c in coded for e in c.events}
    friday = tuple(sorted([eid["a1", 0], eid["a2", 0], eid["a3", 0], eid["a8", 0]]))
    assert friday in by_members  # three outlets and a source without outlet
    assert by_members[friday][1:4] == ("4", "4", "4")
    assert (eid["a4", 0],) in by_members  # the next day's strike stays apart
    assert (eid["a4", 1],) in by_members  # that day's strike on Kyiv stays apart
    assert (eid["a5", 0],) in by_members  # fits two strikes: joins neither
    talks = tuple(sorted([eid["a6", 0], eid["a7", 0]]))
    assert talks in by_members  # "last week" joins the one meeting that week
    wire = tuple(sorted([eid["w1", 0], eid["w2", 0], eid["w3", 0]]))
    assert wire in by_members
    assert by_members[wire][1:4] == ("3", "3", "1")  # copies: three articles, one source
    assert "copy.example" in by_members[wire][-2] and "mirror.example" in by_members[wire][-2]
    assert sorted(v[0] for v in got.values()) == sorted(tuple(v) for v in reference(coded).values())


def test_arrival_order_and_batching_do_not_matter(sqlite_url: str, tmp_path: Path) -> None:
    coded = corpus()
    expected = ingest_all(sqlite_url, [coded])
    assert ingest_all(str(tmp_path / "one.db"), [[c] for c in coded]) == expected
    assert ingest_all(str(tmp_path / "rev.db"), [[c] for c in reversed(coded)]) == expected
    rng = random.Random(5)
    for run in range(3):
        shuffled = coded[:]
        rng.shuffle(shuffled)
        cut = rng.randrange(1, len(shuffled))
        batches = [shuffled[:cut], shuffled[cut:]]
        assert ingest_all(str(tmp_path / f"r{run}.db"), batches) == expected


def test_replacing_an_article_reclusters_as_if_it_had_always_been_so(tmp_path: Path) -> None:
    coded = corpus()
    # a1 first says Kyiv, then is corrected to Kharkiv on the same day.
    a1 = coded[0].article
    wrong = CodedArticle(
        Article(a1.id, a1.title, date=a1.date, paragraphs=("Old text.",), outlet=a1.outlet),
        (event(a1, 0, RUS, UKR, day=D, where=KYIV),),
    )
    with Store.open(str(tmp_path / "x.db")) as store:
        store.ingest([wrong, *coded[1:]])
        store.ingest(coded[:1])  # the correction replaces the article and its events
        replaced = snapshot(store)
        assert store.rebuild_clusters() == len(replaced)
        assert snapshot(store) == replaced
    assert replaced == ingest_all(str(tmp_path / "fresh.db"), [coded])


def test_replacing_the_original_relinks_its_copies(tmp_path: Path) -> None:
    coded = corpus()
    with Store.open(str(tmp_path / "s.db")) as store:
        store.ingest(coded)
        w1 = next(c for c in coded if c.article.id == "w1")
        other = Article("w1", "w1", D, paragraphs=("A different story altogether now.",),
                        outlet="wire.example")  # fmt: skip
        store.ingest([CodedArticle(other, w1.events)])
        with store.engine.connect() as conn:
            links = dict(
                conn.execute(text("SELECT article_id, original_id FROM article_links")).all()
            )
        assert links == {"w3": "w2"}  # w2 is now the first published of the family
        again = snapshot(store)
    fresh = [c for c in coded if c.article.id != "w1"] + [CodedArticle(other, w1.events)]
    assert again == ingest_all(str(tmp_path / "f.db"), [fresh])


def test_clusters_read_back(sqlite_url: str) -> None:
    coded = corpus()
    with Store.open(sqlite_url) as store:
        store.ingest(coded)
        found = list(store.iter_clusters(ClusterFilter(dyad="UKR:RUS", factual_only=True)))
        dates = [c.date or c.first_seen for c in found]
        assert dates == sorted(dates, reverse=True)  # newest first
        friday = max(found, key=lambda c: c.num_articles)
        assert (friday.num_articles, friday.num_sources, friday.date) == (4, 4, D)
        detail = store.get_cluster(friday.cluster_id)
        assert detail is not None and detail.representative is not None
        assert [a.id for a in detail.articles] == ["a1", "a3", "a8", "a2"]  # first seen first
        assert store.count_clusters(ClusterFilter(min_sources=3)) == 1
        page = store.query_clusters(ClusterFilter(limit=2))
        rest = store.query_clusters(ClusterFilter(limit=100, cursor=page.next_cursor))
        assert len(page.clusters) + len(rest.clusters) == store.count_clusters()
        days = store.cluster_timeline("RUS", "UKR", "day")
        counts = {p.period: p.events for p in days}
        # On D: the Friday strike, a5's range (D..D+1); on D+1: the strikes on Kharkiv
        # and Kyiv. Each once. The undated wire story is on no day: undrawn.
        assert counts == {D: 2, D + dt.timedelta(days=1): 2}
        assert store.cluster_timeline_undrawn("RUS", "UKR", "day") == {"unknown": 1}
        copies = store.article_clusters("w2")
        (wire,) = copies.values()
        assert {a.id: a.original_id for a in wire.articles} == {"w1": None, "w2": "w1", "w3": "w1"}


def test_clustering_settings_must_not_change_silently(sqlite_url: str) -> None:
    from newsevents.store import StoreError

    with Store.open(sqlite_url) as store:
        store.ingest(corpus()[:2])
        with pytest.raises(StoreError, match="rebuild"):
            store.ingest(corpus()[2:], clustering=ClusterConfig(window_days=3))
        store.rebuild_clusters(ClusterConfig(window_days=3))
        store.ingest(corpus()[2:], clustering=ClusterConfig(window_days=3))


def test_postgresql_gives_the_same_clusters(sqlite_url: str) -> None:
    url = os.environ.get("NEWSEVENTS_TEST_PG")
    require_service(bool(url), "set NEWSEVENTS_TEST_PG to a PostgreSQL database URL")
    assert url is not None
    engine = create_store_engine(resolve_url(url))
    metadata.drop_all(engine)
    engine.dispose()
    coded = corpus()
    expected = ingest_all(sqlite_url, [coded])
    assert ingest_all(url, [[c] for c in reversed(coded)]) == expected


def test_a_before_date_is_no_day_of_a_happening(sqlite_url: str) -> None:
    """An event dated only "on or before" a day (a past-perfect clause) joins no dated
    happening across articles, and no timeline draws it."""
    a1, a2 = article("b1", D, "one.example"), article("b2", D, "two.example")
    strike = event(a1, 0, RUS, UKR, day=D, where=KHARKIV)
    earlier = event(a2, 0, RUS, UKR, day=D, where=KHARKIV, sentence="Russia had attacked.",
                    precision="before")  # fmt: skip
    info = ArticleInfo("b2", D, "two.example", "b2")
    assert member_of(earlier, 2, info).kind == "none"
    with Store.open(sqlite_url) as store:
        store.ingest([CodedArticle(a1, (strike,)), CodedArticle(a2, (earlier,))])
        assert store.count_clusters() == 2
        assert {p.period: p.events for p in store.cluster_timeline("RUS", "UKR", "day")} == {D: 1}
        assert store.cluster_timeline_undrawn("RUS", "UKR", "day") == {"unknown": 1}


def test_cluster_timelines_draw_a_happening_no_finer_than_its_date(sqlite_url: str) -> None:
    """A happening dated to a week is drawn per week and per month, not per day; one
    dated to a month only per month; the cluster keeps its place's precision."""
    week_day = dt.date(2024, 7, 17)  # a Wednesday
    region = Location("Kharkiv Oblast", "UKR", 49.5, 36.5, 706482, precision="region")
    a1, a2 = article("w", D, "one.example"), article("m", D, "two.example")
    coded = [
        CodedArticle(a1, (event(a1, 0, RUS, UKR, day=week_day, precision="week",
                                sentence="Last week it happened.", where=region),)),
        CodedArticle(a2, (event(a2, 0, RUSMIL, UKR, day=dt.date(2024, 6, 1),
                                precision="month", sentence="In June it happened."),)),
    ]  # fmt: skip
    with Store.open(sqlite_url) as store:
        store.ingest(coded)
        assert store.cluster_timeline("RUS", "UKR", "day") == []
        assert store.cluster_timeline_undrawn("RUS", "UKR", "day") == {"week": 1, "month": 1}
        weeks = store.cluster_timeline("RUS", "UKR", "week")
        assert [p.period for p in weeks] == [dt.date(2024, 7, 15)]
        assert store.cluster_timeline_undrawn("RUS", "UKR", "week") == {"month": 1}
        months = store.cluster_timeline("RUS", "UKR", "month")
        assert [(p.period, p.events) for p in months] == [
            (dt.date(2024, 6, 1), 1), (dt.date(2024, 7, 1), 1)
        ]
        assert store.cluster_timeline_undrawn("RUS", "UKR", "month") == {}
        (placed,) = [c for c in store.iter_clusters() if c.location is not None]
        assert placed.location is not None and placed.location.precision == "region"


def test_copies_that_share_a_dateline_date_keep_their_publication_order(
    sqlite_url: str,
) -> None:
    """Both copies of a wire story are dated by its dateline; the original is the one
    the record says was published first, whatever the ids."""
    from newsevents.article import TextStructurer

    body = "KYIV, July 27 (Reuters) - " + WIRE
    structurer = TextStructurer.load()
    original = structurer.structure(body, "z-wire", D + dt.timedelta(days=1), title="Wire")
    copy = structurer.structure(body, "a-copy", D + dt.timedelta(days=2), title="Wire copy")
    assert original.date == copy.date == dt.date(2024, 7, 27)  # the dateline's
    assert (original.published, copy.published) == (dt.date(2024, 7, 27), dt.date(2024, 7, 28))
    with Store.open(sqlite_url) as store:
        store.ingest([CodedArticle(copy, ()), CodedArticle(original, ())])
        with store.engine.connect() as conn:
            links = dict(
                conn.execute(text("SELECT article_id, original_id FROM article_links")).all()
            )
    assert links == {"a-copy": "z-wire"}
