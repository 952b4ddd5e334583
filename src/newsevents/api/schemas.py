"""Response models of the REST API: what each endpoint returns, as /docs shows it.

They describe the JSON that ``model.py``'s ``to_dict`` methods write (the CONTRACT.md
article and event), so an answer is the same object whether it is typed here or not.
Value lists (PLOVER types, modalities) are described, not enforced: a store written by
an older version must still be served.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class ErrorMessage(BaseModel):
    """Every error response: one human-readable line."""

    detail: str


class ActorOut(BaseModel):
    text: str = Field(description="the words in the article")
    name: str | None = Field(None, description="canonical name (a person's full name ...)")
    code: str | None = Field(None, description="CAMEO-style code: USAGOV, IGOUNO, CHNBUS")
    country: str | None = Field(None, description="ISO 3166-1 alpha-3; null if international")
    sector: str | None = Field(None, description="CAMEO agent: GOV, MIL, COP, REB, IGO ...")
    role: str | None = Field(None, description='the title held then ("Secretary of State")')


class LocationOut(BaseModel):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str | None = Field(
        None,
        description="what the point stands for: city (a city or site), region (an admin-1 "
        "region or a well-known area, at its centre) or country (at its capital)",
    )
    admin1: str | None = Field(None, description="the first-level region (state, province)")


class AttributionOut(BaseModel):
    text: str = Field(description='who the article says reported it ("a senior official")')
    country: str | None = None
    sector: str | None = None


class EventOut(BaseModel):
    """One coded event (CONTRACT.md "Event", with the project's extensions)."""

    event_id: str
    article_id: str
    sentence_index: int
    sentence: str
    trigger: str
    span: list[int] = Field(description="[start, end) of the mention in the article's text")
    date: dt.date | None = Field(description="when the event happened (not the article date)")
    date_precision: str | None = Field(
        description='day, week (the ISO week holding date), month, year, before ("on or '
        'before date") or unknown (no date)'
    )
    date_source: str | None = Field(
        None,
        description="text (a date phrase of the text), paragraph (the date an earlier "
        "sentence of the paragraph set, for a past clause with none), dateline or article (the story's own "
        "news, dated by the dateline's or the article's date); null with no date",
    )
    source: list[ActorOut]
    target: list[ActorOut]
    plover: str | None = Field(
        description="AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, "
        "ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE or ASSAULT; null "
        "only for CAMEO root 01 statements"
    )
    plover_mode: str | None
    cameo: str = Field(description="the most specific CAMEO code found")
    cameo_root: str
    quad_class: int | None = Field(description="1 verbal / 2 material cooperation, 3 / 4 conflict")
    goldstein: float | None
    negated: bool = Field(description="true: the text says it did not happen")
    modality: str = Field(
        description="asserted or reported: it happened; future, conditional, threat, "
        "hypothetical: it had not (yet)"
    )
    location: LocationOut | None
    place_source: str | None = Field(
        None,
        description="text (the sentence), paragraph (named earlier in it), dateline or story "
        "(the city a story without a dateline is set in); null without a location",
    )
    attribution: AttributionOut | None
    confidence: float = Field(
        description="calibrated probability that the event is right (min_confidence filters)"
    )
    mentions: int = Field(description="mentions in the article merged into this event")
    spans: list[list[int]]
    rules_version: str
    pattern: str = Field("", description='the rule that fired ("verbs.txt:212")')


class DatelineOut(BaseModel):
    place: str
    city: str | None = None
    country: str | None = None
    date: dt.date | None = Field(None, description="the date the dateline stands for")
    date_text: str | None = Field(None, description='the date as written ("March 3")')
    agency: str | None = Field(None, description='the agency in brackets ("Reuters")')


class ArticleOut(BaseModel):
    """One clean article (CONTRACT.md "Article")."""

    id: str
    url: str | None
    title: str | None
    dek: str | None
    date: dt.date | None = Field(description="publication date")
    dateline: DatelineOut | None
    paragraphs: list[str]
    text: str = Field(description="the paragraphs joined by blank lines; spans index it")
    boilerplate: list[str] = Field(description="site junk removed from the text")
    related_headlines: list[str]
    origin: str | None
    outlet: str | None
    date_source: str | None = Field(
        None, description="where date came from: dateline, record, page, text or given"
    )
    published: dt.date | None = Field(
        None, description="the publication date the record or page gives (date prefers the "
        "dateline's)",
    )  # fmt: skip
    fetched_at: str | None = Field(
        None, description="when newsevents fetch/watch downloaded it (UTC, ISO 8601)"
    )


class EventPageOut(BaseModel):
    events: list[EventOut]
    next_cursor: str | None = Field(description="pass as cursor for the next page; null: last")
    limit: int


class ClusterArticleOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    date: dt.date | None
    url: str | None
    original_id: str | None = Field(description="set when a syndicated copy of that article")
    event_ids: list[str] = Field(description="its events in the happening")


class ClusterOut(BaseModel):
    """One happening (an event cluster): the events of many articles that report it."""

    cluster_id: str
    plover: str | None
    cameo: str
    cameo_root: str
    quad_class: int | None
    goldstein: float | None
    factual: bool = Field(description="false: reported as not (yet) having happened")
    date: dt.date | None = Field(description="the first day it may fall on")
    date_end: dt.date | None = Field(description="the last day it may fall on")
    date_precision: str | None = Field(description="day, range, month, year; null: undated")
    source_code: str | None
    source_country: str | None
    target_code: str | None
    target_country: str | None
    location: LocationOut | None
    num_events: int
    num_articles: int
    num_sources: int = Field(description="distinct outlets (a syndicated copy counts once)")
    first_seen: dt.date | None = Field(description="first reported")
    last_seen: dt.date | None
    outlets: list[str]
    representative_event_id: str | None = Field(description="the event it is typed after")
    articles: list[ClusterArticleOut] = Field(
        description="the articles that report it (in lists of clusters: empty)"
    )


class ClusterDetailOut(ClusterOut):
    representative: EventOut | None


class ClusterPageOut(BaseModel):
    clusters: list[ClusterOut]
    next_cursor: str | None = Field(description="pass as cursor for the next page; null: last")
    limit: int


class ArticleEventOut(EventOut):
    cluster_id: str | None = Field(description="the happening it belongs to (see clusters)")


class ArticleWithEvents(BaseModel):
    article: ArticleOut
    events: list[ArticleEventOut]
    clusters: dict[str, ClusterOut] = Field(
        description="the happenings of its events, by cluster_id, with all their articles"
    )


class TimelineBucket(BaseModel):
    period: dt.date = Field(description="first day of the day, week (Monday) or month")
    events: int = Field(description="what count counts: happenings or events")
    quad_counts: dict[str, int] = Field(description='per quad class, "1" to "4"')
    goldstein_mean: float | None


class LeftOutGroup(BaseModel):
    count: int
    event_ids: list[str] = Field(description="the events (at most 500 in all, newest first)")


class LeftOut(BaseModel):
    negated: LeftOutGroup = Field(description="events the text says did not happen")
    not_yet: LeftOutGroup = Field(
        description="future, conditional, threatened or hypothetical events"
    )
    undated: LeftOutGroup = Field(
        description="events with no date of their own nor of their article"
    )
    imprecise: LeftOutGroup = Field(
        description="events dated less precisely than the interval (to the month on a "
        'weekly chart, "before" a date on any)'
    )


class TimelineOut(BaseModel):
    a: str
    b: str
    interval: str
    factual: bool = Field(description="true: only events that happened are counted")
    count: Literal["clusters", "events"] = Field(
        description="clusters: each happening once; events: every coded event"
    )
    buckets: list[TimelineBucket]
    undrawn: dict[str, int] = Field(
        description="what count counts that is dated too coarsely for the interval, by "
        'date precision ({"month": 2, "before": 1})'
    )
    left_out: LeftOut = Field(description="events between a and b not on this timeline")


class DyadOut(BaseModel):
    a: str
    b: str
    events: int = Field(description="events between the two, either direction")
    days: int = Field(description="distinct days with events")
    first_date: dt.date
    last_date: dt.date


class DyadsOut(BaseModel):
    dyads: list[DyadOut] = Field(description="busiest first")


class ActorEntryOut(BaseModel):
    code: str
    country: str | None
    sector: str | None
    names: list[str]
    events: int = Field(description="events it takes part in (an upper bound)")
    label: str


class ActorsOut(BaseModel):
    actors: list[ActorEntryOut]


class StatsOut(BaseModel):
    articles: int
    events: int
    factual_events: int
    actors: int
    unresolved_names: int
    first_date: dt.date | None
    last_date: dt.date | None
    events_by_plover: dict[str, int]


class UnresolvedOut(BaseModel):
    text: str
    label: str


class CodeResultOut(BaseModel):
    article: ArticleOut
    events: list[EventOut]
    error: str | None = Field(description="why coding failed, if it did")
    unresolved: list[UnresolvedOut] = Field(description="names the coder could not code")


class ItemCounts(BaseModel):
    pending: int = 0
    stored: int = 0
    failed: int = 0
    disallowed: int = 0


class FeedOut(BaseModel):
    url: str
    outlet: str | None
    title: str | None
    last_read_at: str | None = Field(description="UTC, ISO 8601")
    last_checked_at: str | None
    last_status: str | None
    failures: int = Field(description="failed reads in a row")
    next_check_at: str | None
    items_found: int
    items: ItemCounts


class FailedItemOut(BaseModel):
    url: str
    feed: str | None
    state: str
    attempts: int
    http_status: int | None
    error: str | None
    last_attempt_at: str | None
    next_attempt_at: str | None


class FeedsOut(BaseModel):
    feeds: list[FeedOut]
    items: ItemCounts = Field(description="items of every feed, by state")
    failures: list[FailedItemOut] = Field(description="latest failed items, newest first")
