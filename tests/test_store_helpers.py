"""Hand-built articles and events for the store and CLI tests (no spaCy needed).

Helpers only: pytest collects no tests here."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from newsevents.model import (
    Actor,
    Article,
    Attribution,
    CodedArticle,
    Dateline,
    Event,
    Location,
    UnresolvedName,
)
from newsevents.store import Store, resolve_url
from newsevents.store.engine import create_store_engine
from newsevents.store.schema import metadata

BACKENDS = ["sqlite", "postgresql"]

ACTORS = {
    "USAGOV": Actor("U.S. Secretary of State Antony Blinken", "Antony Blinken", "USAGOV", "USA", "GOV", "Secretary of State"),
    "CHNGOV": Actor("Chinese Foreign Minister Wang Yi", "Wang Yi", "CHNGOV", "CHN", "GOV", "Foreign Minister"),
    "RUSMIL": Actor("Russian troops", None, "RUSMIL", "RUS", "MIL", None),
    "UKRGOV": Actor("Kyiv", "Government of Ukraine", "UKRGOV", "UKR", "GOV", None),
    "GBRGOV": Actor("Britain", "United Kingdom", "GBRGOV", "GBR", "GOV", None),
    "IGOUNO": Actor("the United Nations", "United Nations", "IGOUNO", None, "IGO", None),
}
CAMEO = {  # cameo → (plover, quad class, goldstein)
    "042": ("CONSULT", 1, 1.9),
    "036": ("CONSULT", 1, 4.0),
    "111": ("ACCUSE", 3, -2.0),
    "190": ("ASSAULT", 4, -10.0),
    "057": ("AGREE", 2, 8.0),
}


def make_event(
    article_id: str,
    index: int,
    source: list[str],
    target: list[str],
    cameo: str,
    date: dt.date | None,
    negated: bool = False,
    modality: str = "asserted",
    location: str | None = None,
) -> Event:
    plover, quad, goldstein = CAMEO[cameo]
    start = index * 100
    return Event(
        article_id=article_id,
        sentence_index=index,
        sentence=f"Sentence {index} of {article_id}.",
        trigger="met",
        span=(start, start + 40),
        source=tuple(ACTORS[c] for c in source),
        target=tuple(ACTORS[c] for c in target),
        cameo=cameo,
        plover=plover,
        plover_mode="third-party" if plover == "CONSULT" else None,
        quad_class=quad,
        goldstein=goldstein,
        date=date,
        date_precision="day" if date else None,
        negated=negated,
        modality=modality,
        location=Location(location, location[:3].upper(), 17.97, 102.6, 1651944) if location else None,
        attribution=Attribution("a senior official", "USA", "GOV") if index % 2 else None,
        confidence=0.8,
        mentions=1 + index % 3,
        spans=((start, start + 40),),
        rules_version="test-1",
    )


def make_article(article_id: str, date: dt.date | None, body: str = "Body text.") -> Article:
    return Article(
        id=article_id,
        title=f"Title of {article_id}",
        dek="A dek",
        date=date,
        url=f"https://example.org/{article_id}",
        dateline=Dateline("Vientiane, Laos", "Vientiane", "LAO"),
        paragraphs=(body, "Second paragraph."),
        origin=f"/tmp/{article_id}.txt",
        outlet="example.org",
    )


def coded(article_id: str, date: dt.date | None, events: list[Event], body: str = "Body text.",
          unresolved: tuple[UnresolvedName, ...] = ()) -> CodedArticle:
    return CodedArticle(make_article(article_id, date, body), tuple(events), None, unresolved)


def sample_corpus() -> list[CodedArticle]:
    """Five articles, eleven events across several dyads and months."""
    d = dt.date
    return [
        coded("a1", d(2024, 7, 27), [
            make_event("a1", 0, ["USAGOV"], ["CHNGOV"], "042", d(2024, 7, 27), location="Vientiane"),
            make_event("a1", 1, ["CHNGOV"], ["USAGOV"], "111", d(2024, 7, 26)),
            make_event("a1", 2, ["USAGOV"], ["CHNGOV"], "036", None, modality="future"),
        ], unresolved=(UnresolvedName("Zhang Wei", "PERSON", "Zhang Wei spoke."),)),
        coded("a2", d(2024, 8, 3), [
            make_event("a2", 0, ["RUSMIL"], ["UKRGOV"], "190", d(2024, 8, 2)),
            make_event("a2", 1, ["UKRGOV"], ["RUSMIL"], "111", d(2024, 8, 3), negated=True),
        ], unresolved=(UnresolvedName("Zhang Wei", "PERSON", "Zhang Wei again."),
                       UnresolvedName("Acme Corp", "ORG", "Acme Corp said."))),
        coded("a3", d(2024, 9, 10), [
            make_event("a3", 0, ["USAGOV", "GBRGOV"], ["RUSMIL"], "111", d(2024, 9, 9)),
            make_event("a3", 1, ["CHNGOV"], ["USAGOV"], "057", d(2024, 9, 10)),
            make_event("a3", 2, ["IGOUNO"], ["UKRGOV"], "042", d(2024, 9, 10)),
        ]),
        coded("a4", d(2024, 9, 11), [
            make_event("a4", 0, ["USAGOV"], ["CHNGOV"], "057", d(2024, 9, 11)),
            make_event("a4", 1, ["RUSMIL"], ["UKRGOV"], "190", d(2024, 9, 12)),
        ]),
        coded("a5", None, [make_event("a5", 0, ["GBRGOV"], ["CHNGOV"], "042", None)]),
    ]  # fmt: skip


def backend_url(backend: str, tmp_path: object) -> str:
    if backend == "sqlite":
        return str(os.path.join(str(tmp_path), "events.db"))
    from conftest import require_service

    url = os.environ.get("NEWSEVENTS_TEST_PG", "")
    require_service(bool(url), "PostgreSQL: set NEWSEVENTS_TEST_PG=postgresql://... (.ci/run does)")
    return url


def fresh_store(url: str) -> Iterator[Store]:
    """An empty store at ``url`` (PostgreSQL tables are dropped first), closed after."""
    if not url.startswith("sqlite") and "://" in url:
        # Drop without opening a Store: an older schema version would refuse to open.
        engine = create_store_engine(resolve_url(url))
        metadata.drop_all(engine)
        engine.dispose()
    store = Store.open(url)
    try:
        yield store
    finally:
        store.close()
