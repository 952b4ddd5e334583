"""What the store takes and gives back: filters, pages, reports, summaries."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass, field

from ..model import PLOVER_TYPES, Event, parse_date


class StoreError(RuntimeError):
    """The database cannot be opened or a query is malformed."""


class BadFilter(StoreError, ValueError):
    """A filter value is malformed (bad dyad, bad cursor, bad interval ...)."""


@dataclass(frozen=True)
class Dyad:
    """Two countries (``USA``) or actor codes (``USAGOV``), upper-cased. A side matches
    an actor whose code or country is the value."""

    a: str
    b: str

    @classmethod
    def parse(cls, text: str) -> Dyad:
        """``"USA:CHN"`` → Dyad("USA", "CHN"); ``"usagov:CHN"`` → Dyad("USAGOV", "CHN")."""
        parts = [p.strip().upper() for p in text.split(":")]
        if len(parts) != 2 or not all(p.isalnum() and p.isascii() for p in parts):
            raise BadFilter(
                f"bad dyad {text!r}: expected two countries or actor codes like USA:CHN or USAGOV:CHN"
            )
        return cls(parts[0], parts[1])

    @property
    def by_country(self) -> bool:
        """Both sides are three letters (country codes): served by ``event_dyads``."""
        return all(len(v) == 3 and v.isalpha() for v in (self.a, self.b))


@dataclass(frozen=True)
class EventFilter:
    """Which events to return. Every given field must hold (AND).

    - ``actor``: any actor, either side, by code prefix (``RUS``: ``RUSGOV``...), name
      words (``Putin``) or ``text:`` words as written (``store/actor_match.py``).
    - ``source`` / ``target``: a country (``USA``) or an actor code (``USAGOV``) of any
      actor on that side.
    - ``dyad``: ``"USA:CHN"`` or ``"USAGOV:CHN"``: a source actor with the first country
      or code and a target actor with the second, in either direction unless
      ``ordered_dyad``.
    - ``country``: the event's location country.
    - ``since`` / ``until``: inclusive bounds on the event date (the article's date where
      the event has none).
    - ``factual_only``: leave out negated and future/conditional/... events.
    - ``min_confidence``: leave out events whose confidence is below it.
    - ``cursor``: ``EventPage.next_cursor`` of the previous page. Pages are newest first.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: str | None = None
    ordered_dyad: bool = False
    plover: str | None = None
    cameo_root: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    article_id: str | None = None
    factual_only: bool = False
    min_confidence: float | None = None
    limit: int = 50
    cursor: str | None = None

    def validated(self) -> EventFilter:
        if self.limit < 1:
            raise BadFilter("limit must be at least 1")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise BadFilter("min_confidence must be between 0 and 1")
        if self.plover and self.plover.upper() not in PLOVER_TYPES:
            raise BadFilter(f"unknown PLOVER type {self.plover!r}")
        if self.cameo_root and not (len(self.cameo_root) == 2 and self.cameo_root.isdigit()):
            raise BadFilter(f"bad CAMEO root {self.cameo_root!r}: expected two digits like 04")
        if self.dyad:
            Dyad.parse(self.dyad)
        if self.actor:
            from .actor_match import ActorMatch

            ActorMatch.parse(self.actor)
        if self.cursor:
            decode_cursor(self.cursor)
        return self


@dataclass(frozen=True)
class EventPage:
    events: list[Event]
    next_cursor: str | None  # None on the last page


def encode_cursor(sort_date: dt.date, event_key: int) -> str:
    raw = f"{sort_date.isoformat()}|{event_key}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        day, key = base64.urlsafe_b64decode(padded).decode().split("|", 1)
        date = parse_date(day)
        event_key = int(key)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadFilter(f"bad cursor {cursor!r}") from exc
    if date is None:
        raise BadFilter(f"bad cursor {cursor!r}")
    return date, event_key


@dataclass
class IngestReport:
    """Counts of one ``Store.ingest`` run (updated as it goes, for progress displays)."""

    articles: int = 0  # coded articles received
    new: int = 0  # stored for the first time
    replaced: int = 0  # same id, new content: old events replaced
    skipped_duplicate: int = 0  # same id and content hash already stored
    failed: int = 0  # coding failed (CodedArticle.error): not stored
    events: int = 0  # events stored
    read_errors: int = 0  # inputs that could not be read (filled by ingest_paths)
    errors: list[str] = field(default_factory=list)  # "article id: message", first 100

    @property
    def stored(self) -> int:
        return self.new + self.replaced

    @property
    def problems(self) -> int:
        return self.failed + self.read_errors


@dataclass(frozen=True)
class TimelinePoint:
    """Events of a dyad in one interval (both directions), by quad class."""

    period: dt.date  # first day of the interval (Monday for weeks)
    events: int
    by_quad_class: dict[int, int]  # quad class 1-4 → count
    mean_goldstein: float | None


@dataclass(frozen=True)
class DyadSummary:
    """Two countries and how much happened between them (either direction)."""

    a: str
    b: str
    events: int
    days: int  # distinct days with events
    first_date: dt.date
    last_date: dt.date


@dataclass(frozen=True)
class LeftOut:
    """Events of a dyad that a timeline does not count, by reason (event ids, at most
    ``LEFT_OUT_IDS`` in all; the counts are complete)."""

    negated: tuple[str, ...] = ()
    not_yet: tuple[str, ...] = ()  # future, conditional, threat, hypothetical
    undated: tuple[str, ...] = ()  # neither the event nor its article has a date
    counts: dict[str, int] = field(default_factory=dict)
    # dated less precisely than the timeline's interval (model.DATE_PRECISIONS)
    imprecise: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorSummary:
    code: str | None
    name: str | None
    country: str | None
    sector: str | None
    events: int


@dataclass(frozen=True)
class UnresolvedSummary:
    name: str
    label: str
    count: int
    articles: int
    example: str  # one sentence it occurs in


@dataclass(frozen=True)
class StoreStats:
    articles: int
    events: int
    factual_events: int
    actors: int  # distinct actor codes
    unresolved_names: int  # distinct names
    first_date: dt.date | None
    last_date: dt.date | None
    events_by_plover: dict[str, int]
