"""Store benchmark: ingest N synthetic events, then time a dyad timeline and event pages.

    .venv/bin/python bench/store.py [--events 1000000] [--db URL_OR_PATH] [--runs 50] [--no-clusters] [--rebuild]

Prints ingest events/s (store time only: building the synthetic Event objects is timed
apart) and p50/p95 of ``dyad_timeline`` and of filtered ``query_events`` pages (limit 50).
Targets: ingest >= 20k events/s on SQLite (>= 15k with event clustering, which is on
unless --no-clusters), query p95 < 100 ms. Without --db it uses a
fresh SQLite file in a temporary folder; a PostgreSQL URL must name a throw-away database
(its tables are dropped first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from newsevents.cluster import ClusterConfig
from newsevents.model import Actor, Article, CodedArticle, Event, Location
from newsevents.store import EventFilter, Store, resolve_url
from newsevents.store.engine import create_store_engine
from newsevents.store.schema import metadata

# Skewed like real news: a few countries appear in most events.
COUNTRIES = ["USA", "CHN", "RUS", "UKR", "ISR", "PSE", "IRN", "GBR", "FRA", "DEU", "IND", "PAK",
             "TUR", "SYR", "IRQ", "AFG", "JPN", "KOR", "PRK", "SAU", "EGY", "NGA", "ZAF", "BRA",
             "MEX", "VEN", "LAO", "VNM", "PHL", "IDN"]  # fmt: skip
WEIGHTS = [1 / (i + 1) for i in range(len(COUNTRIES))]
SECTORS = ["GOV", "MIL", "OPP", "REB", "BUS", "MED", "CVL", "COP", "JUD"]
CAMEO = [("010", None, 0, 0.0), ("042", "CONSULT", 1, 1.9), ("036", "CONSULT", 1, 4.0),
         ("057", "AGREE", 2, 8.0), ("071", "AID", 2, 7.4), ("111", "ACCUSE", 3, -2.0),
         ("130", "THREATEN", 3, -4.4), ("163", "SANCTION", 3, -8.0), ("173", "COERCE", 4, -5.0),
         ("190", "ASSAULT", 4, -10.0), ("141", "PROTEST", 3, -6.5)]  # fmt: skip
START = dt.date(2020, 1, 1)
DAYS = 5 * 365


def synthetic_articles(n_events: int, per_article: int, seed: int, clock: list[float]) -> Iterator[CodedArticle]:
    """``clock`` accumulates the seconds spent building the objects: [wall, CPU]."""
    rng = random.Random(seed)
    made = 0
    article_no = 0
    while made < n_events:
        t0, cpu0 = time.perf_counter(), time.process_time()
        article_id = f"bench-{article_no}"
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        article = Article(id=article_id, title=f"Story {article_no}", date=day,
                          paragraphs=(f"Body of story {article_no}.",), outlet="bench.example")
        events = []
        for k in range(min(per_article, n_events - made)):
            src, tgt = rng.choices(COUNTRIES, WEIGHTS, k=2)
            s_sec, t_sec = rng.choice(SECTORS), rng.choice(SECTORS)
            cameo, plover, quad, goldstein = rng.choice(CAMEO[1:])
            events.append(Event(
                article_id=article_id, sentence_index=k, sentence=f"Sentence {k} of story {article_no}.",
                trigger="met", span=(k * 50, k * 50 + 40),
                source=(Actor(f"{src} {s_sec}", None, src + s_sec, src, s_sec),),
                target=(Actor(f"{tgt} {t_sec}", None, tgt + t_sec, tgt, t_sec),),
                cameo=cameo, plover=plover, quad_class=quad, goldstein=goldstein,
                date=day - dt.timedelta(days=rng.randrange(3)), date_precision="day",
                negated=rng.random() < 0.05, modality="asserted",
                location=Location("Somewhere", rng.choice(COUNTRIES), 1.0, 2.0, None),
                confidence=0.7,
            ))  # fmt: skip
        made += len(events)
        article_no += 1
        clock[0] += time.perf_counter() - t0
        clock[1] += time.process_time() - cpu0
        yield CodedArticle(article, tuple(events))


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_query(label: str, runs: int, call: Callable[[random.Random], object]) -> None:
    """Time ``call(rng)`` ``runs`` times (each call draws its own random arguments)."""
    rng = random.Random(7)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call(rng)
        samples.append(time.perf_counter() - t0)
    p50, p95 = percentiles(samples)
    print(f"{label:<44} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({runs} runs)", flush=True)


def pair(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(COUNTRIES[:12], 2)
    return a, b


def run(args: argparse.Namespace) -> None:
    db = args.db or str(Path(tempfile.mkdtemp(prefix="newsevents-bench-")) / "bench.db")
    engine = create_store_engine(resolve_url(db))  # not Store.open: an old schema would refuse
    metadata.drop_all(engine)
    engine.dispose()
    store = Store.open(db)
    clock = [0.0, 0.0]
    t0, cpu0 = time.perf_counter(), time.process_time()
    clustering = ClusterConfig(enabled=not args.no_clusters)
    report = store.ingest(synthetic_articles(args.events, 10, 1, clock), commit_every=args.commit_every,
                          clustering=clustering)
    total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    store_seconds = total - clock[0]
    print(f"database: {store.engine.url.render_as_string()}")
    print(f"ingested {report.events} events in {report.new} articles: {total:.1f} s in all "
          f"({cpu:.1f} s CPU of this process), {clock[0]:.1f} s building Event objects, "
          f"{store_seconds:.1f} s in the store")
    print(f"ingest: {report.events / store_seconds:,.0f} events/s (store, wall clock), "
          f"{report.events / total:,.0f} events/s (end to end, wall clock), "
          f"{report.events / max(cpu - clock[1], 1e-9):,.0f} events/s (store, CPU time)", flush=True)  # fmt: skip
    again = time.perf_counter()
    store.ingest(synthetic_articles(min(args.events, 100_000), 10, 1, [0.0, 0.0]), commit_every=args.commit_every,
                 clustering=clustering)
    print(f"re-ingest of {min(args.events, 100_000)} events (all duplicates): {time.perf_counter() - again:.1f} s")

    runs = args.runs

    def page(make_filter: Callable[[random.Random], EventFilter]) -> Callable[[random.Random], object]:
        return lambda rng: store.query_events(make_filter(rng))

    def dyad(rng: random.Random) -> str:
        a, b = pair(rng)
        return f"{a}:{b}"

    def second_page(rng: random.Random) -> EventFilter:
        # the timed call runs both queries: the first page, then the page after it
        d = dyad(rng)
        first = store.query_events(EventFilter(dyad=d, limit=50))
        return EventFilter(dyad=d, limit=50, cursor=first.next_cursor)

    time_query("dyad_timeline(a, b, month)", runs, lambda rng: store.dyad_timeline(*pair(rng), "month"))
    time_query("dyad_timeline(a, b, week)", runs, lambda rng: store.dyad_timeline(*pair(rng), "week"))
    time_query("page: no filter", runs, page(lambda rng: EventFilter(limit=50)))
    time_query("page: dyad", runs, page(lambda rng: EventFilter(dyad=dyad(rng), limit=50)))
    time_query("page: dyad + plover + since", runs, page(lambda rng: EventFilter(
        dyad=dyad(rng), plover=rng.choice(CAMEO[1:])[1], since=dt.date(2023, 1, 1), limit=50)))
    time_query("page: source country + cameo root", runs, page(lambda rng: EventFilter(
        source=rng.choice(COUNTRIES), cameo_root="19", limit=50)))
    time_query("page: location country + factual", runs, page(lambda rng: EventFilter(
        country=rng.choice(COUNTRIES), factual_only=True, limit=50)))
    time_query("page: rare actor code (target)", runs, page(lambda rng: EventFilter(
        target=rng.choice(COUNTRIES[-10:]) + "JUD", limit=50)))
    time_query("two pages: dyad, then its second page", runs, page(second_page))
    time_query("page: actor substring 'prkmil'", runs, page(lambda rng: EventFilter(actor="prkmil", limit=50)))

    def code(rng: random.Random) -> str:
        return rng.choice(COUNTRIES[:12]) + rng.choice(SECTORS)

    time_query("dyad_timeline(code, code, week)", runs, lambda rng: store.dyad_timeline(code(rng), code(rng), "week"))
    time_query("page: code dyad (USAGOV:CHNMIL style)", runs, page(lambda rng: EventFilter(
        dyad=f"{code(rng)}:{code(rng)}", limit=50)))
    time_query("search_actors(country code)", runs, lambda rng: store.search_actors(rng.choice(COUNTRIES)))
    time_query("search_actors(substring)", runs, lambda rng: store.search_actors(
        rng.choice(["gov", "prk", "a j", "mil", "x"])))
    time_query("search_actors('') (top actors)", runs, lambda rng: store.search_actors(""))
    if not args.no_clusters:
        from newsevents.store import ClusterFilter

        print(f"clusters: {store.count_clusters():,} for {report.events:,} events", flush=True)
        time_query("cluster_timeline(a, b, month)", runs, lambda rng: store.cluster_timeline(*pair(rng), "month"))
        time_query("clusters page: dyad", runs, lambda rng: store.query_clusters(ClusterFilter(dyad=dyad(rng), limit=50)))
        time_query("clusters page: no filter", runs, lambda rng: store.query_clusters(ClusterFilter(limit=50)))
        time_query("get_cluster (with articles)", runs, lambda rng: store.get_cluster(
            store.query_clusters(ClusterFilter(dyad=dyad(rng), limit=1)).clusters[0].cluster_id))
    if args.rebuild:
        t0, cpu0 = time.perf_counter(), time.process_time()
        n = store.rebuild_clusters()
        print(f"rebuild_clusters: {n:,} clusters from {report.events:,} stored events in "
              f"{time.perf_counter() - t0:.1f} s ({time.process_time() - cpu0:.1f} s CPU)", flush=True)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="path or URL (default: a temporary SQLite file)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--commit-every", type=int, default=2000, help="articles per transaction")
    parser.add_argument("--no-clusters", action="store_true", help="ingest without event clustering")
    parser.add_argument("--rebuild", action="store_true", help="then time rebuilding every cluster")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
