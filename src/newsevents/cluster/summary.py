"""A cluster's counts and representative, from its members' facts (pure).

- ``num_events``: member events; ``num_articles``: distinct articles reporting it;
- ``num_sources``: distinct sources, a source being the outlet of the article's
  syndication original (copies of one wire story count once, under the outlet that
  published it first); an article with no known outlet is a source of its own;
- ``first_seen`` / ``last_seen``: the first and last publication dates;
- ``outlets``: every member article's outlet, copies included, sorted;
- the representative: the member ranked highest (``keys.representative_rank``), ties
  going to the smaller event id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MemberFacts:
    event_key: int
    event_id: str
    article_id: str
    rank: int
    published: dt.date | None
    outlet: str | None
    source: str  # the outlet of the article's syndication original, else its own id


@dataclass(frozen=True, slots=True)
class ClusterCounts:
    num_events: int
    num_articles: int
    num_sources: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    outlets: tuple[str, ...]
    representative: int  # event key
    representative_id: str


def source_of(
    article_id: str, outlet: str | None, original_outlet: str | None, original_id: str | None
) -> str:
    """The source an article counts as: its syndication original's outlet (or id)."""
    if original_id is not None:
        return original_outlet or original_id
    return outlet or article_id


def count(facts: Sequence[MemberFacts]) -> ClusterCounts:
    if len(facts) == 1:
        (f,) = facts
        return ClusterCounts(
            1,
            1,
            1,
            f.published,
            f.published,
            (f.outlet,) if f.outlet else (),
            f.event_key,
            f.event_id,
        )
    dates = [f.published for f in facts if f.published is not None]
    best = min(facts, key=lambda f: (-f.rank, f.event_id))
    return ClusterCounts(
        num_events=len({f.event_key for f in facts}),
        num_articles=len({f.article_id for f in facts}),
        num_sources=len({f.source for f in facts}),
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        outlets=tuple(sorted({f.outlet for f in facts if f.outlet})),
        representative=best.event_key,
        representative_id=best.event_id,
    )
