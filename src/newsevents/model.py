"""The typed data model: what flows between stages and what leaves the package.

Every record is a frozen dataclass. ``to_dict`` gives exactly the JSON shape of
CONTRACT.md (plus a few documented extra keys); ``from_dict`` reads it back, so the
store, the API and the Spark job all round-trip through the same functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

Modality = Literal["asserted", "reported", "future", "conditional", "threat", "hypothetical"]
MODALITIES: tuple[str, ...] = (
    "asserted", "reported", "future", "conditional", "threat", "hypothetical",
)  # fmt: skip
# Events with these modalities (and not negated) are taken as having happened.
FACTUAL_MODALITIES = frozenset({"asserted", "reported"})

DatePrecision = Literal["day", "week", "month", "year", "before", "unknown"]
# How precisely an event is dated: "week" is the ISO week holding ``date``; "before"
# means some time on or before ``date`` (a past-perfect or background clause);
# "unknown" goes with a null date.
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "before", "unknown")
# Where an event's date came from: a date phrase of the text (its sentence, or for a past
# clause with none, the date an earlier sentence of its paragraph set the story in); the
# dateline's date or the article's date, taken as the date of the story's own current events.
DATE_SOURCES: tuple[str, ...] = ("text", "paragraph", "dateline", "article")
# Where an event's place came from: the event's clause or sentence, the paragraph's
# running place, the dateline or, in a story without one, the city the story is set in
# (only for the story's own current events).
PLACE_SOURCES: tuple[str, ...] = ("text", "paragraph", "dateline", "story")
# What a location stands for: a point (a city, a town, a site), an admin-1 region or a
# well-known area (Kashmir, Darfur), or a whole country.
PLACE_PRECISIONS: tuple[str, ...] = ("city", "region", "country")
# Where an article's date came from, in order of precedence (``read/dates.py``).
ARTICLE_DATE_SOURCES: tuple[str, ...] = ("dateline", "record", "page", "text", "given")


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Parse an ISO ``YYYY-MM-DD`` (or a datetime string) into a date; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place line that opens a wire story: ``Vientiane, Laos:`` or ``KYIV (AP) -``."""

    place: str
    city: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    # The date as the dateline writes it ("March 3", "June 2, 2025"), its agency
    # ("Reuters"), and the date it stands for (a year-less one takes the year nearest
    # the article's other dates; None when nothing gives a year).
    date_text: str | None = None
    agency: str | None = None
    date: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "city": self.city,
            "country": self.country,
            "date": _iso(self.date),
            "date_text": self.date_text,
            "agency": self.agency,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Dateline | None:
        if not d:
            return None
        return cls(
            place=d.get("place") or "",
            city=d.get("city"),
            country=d.get("country"),
            date_text=d.get("date_text"),
            agency=d.get("agency"),
            date=parse_date(d.get("date")),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """One clean news article: structure recovered, site junk removed (and kept aside)."""

    id: str
    title: str | None = None
    dek: str | None = None
    date: dt.date | None = None  # publication date
    url: str | None = None
    dateline: Dateline | None = None
    paragraphs: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    related_headlines: tuple[str, ...] = ()
    # Provenance: where the article was read from (file path, "file.warc.gz#record-id").
    origin: str | None = None
    # The outlet (domain or agency), room for counting sources per event cluster.
    outlet: str | None = None
    # Where ``date`` came from (ARTICLE_DATE_SOURCES), None when there is no date.
    date_source: str | None = None
    # The publication date the record, the page or a date line of the text gives (None
    # without one). ``date`` prefers the dateline's, which syndicated copies share with
    # their original: event clusters tell the first published by this one.
    published: dt.date | None = None
    # When the page was downloaded (``newsevents fetch``/``watch``), UTC; None for files.
    fetched_at: dt.datetime | None = None

    @property
    def text(self) -> str:
        """Body paragraphs joined by blank lines; event spans index into this string."""
        return "\n\n".join(self.paragraphs)

    @property
    def published_on(self) -> dt.date | None:
        """The publication date, else the article's date."""
        return self.published or self.date

    @property
    def content_hash(self) -> str:
        """Stable hash of what the coder sees, used to make ingestion idempotent."""
        h = hashlib.sha256()
        for part in (self.id, self.title or "", _iso(self.date) or "", self.text):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "dek": self.dek,
            "date": _iso(self.date),
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            "boilerplate": list(self.boilerplate),
            "related_headlines": list(self.related_headlines),
            "origin": self.origin,
            "outlet": self.outlet,
            "date_source": self.date_source,
            "published": _iso(self.published),
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=str(d["id"]),
            title=d.get("title"),
            dek=d.get("dek"),
            date=parse_date(d.get("date")),
            url=d.get("url"),
            dateline=Dateline.from_dict(d.get("dateline")),
            paragraphs=tuple(d.get("paragraphs") or ()),
            boilerplate=tuple(d.get("boilerplate") or ()),
            related_headlines=tuple(d.get("related_headlines") or ()),
            origin=d.get("origin"),
            outlet=d.get("outlet"),
            date_source=d.get("date_source"),
            published=parse_date(d.get("published")),
            fetched_at=dt.datetime.fromisoformat(d["fetched_at"]) if d.get("fetched_at") else None,
        )


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon, coded CAMEO-style (country + sector)."""

    text: str  # the words in the article
    name: str | None = None  # canonical name (a person's full name, a body's name)
    code: str | None = None  # CAMEO-style: USAGOV, IGOUNO, CHNBUS, ...
    country: str | None = None  # ISO alpha-3; None for international or unknown
    sector: str | None = None  # CAMEO agent code: GOV, MIL, COP, JUD, OPP, REB, BUS, IGO ...
    role: str | None = None  # "Secretary of State"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "role": self.role,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(
            text=d.get("text") or "",
            name=d.get("name"),
            code=d.get("code"),
            country=d.get("country"),
            sector=d.get("sector"),
            role=d.get("role"),
        )


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style code from its parts: ("USA", "GOV") -> "USAGOV"; IGOs keep their own."""
    if not country and not sector:
        return None
    return f"{country or ''}{sector or ''}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened. ``precision`` (PLACE_PRECISIONS) says what the
    coordinates stand for: a city's point, a region's centre, a country's capital."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str | None = None
    admin1: str | None = None  # the first-level region (state, province, oblast)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "precision": self.precision,
            "admin1": self.admin1,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Location | None:
        if not d:
            return None
        return cls(
            name=d.get("name") or "",
            country=d.get("country"),
            lat=d.get("lat"),
            lon=d.get("lon"),
            geonameid=d.get("geonameid"),
            precision=d.get("precision"),
            admin1=d.get("admin1"),
        )


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reports the event ("a senior U.S. State Department official said")."""

    text: str
    country: str | None = None
    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "country": self.country, "sector": self.sector}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Attribution | None:
        if not d:
            return None
        return cls(text=d.get("text") or "", country=d.get("country"), sector=d.get("sector"))


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event. Serialised exactly as CONTRACT.md's event, plus extra keys:
    ``mentions`` (how many mentions in the article were merged into it), ``spans`` (all
    their character spans), ``rules_version`` and ``pattern`` (provenance of the coding:
    the version of the rules, and the rule that fired)."""

    article_id: str
    sentence_index: int
    sentence: str
    trigger: str
    span: tuple[int, int]  # character offsets into Article.text
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    cameo: str
    plover: str | None  # None only for CAMEO root 01 (statements), which PLOVER does not code
    plover_mode: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    date_source: str | None = None  # DATE_SOURCES; None with an unknown date
    negated: bool = False
    modality: str = "asserted"
    location: Location | None = None
    place_source: str | None = None  # PLACE_SOURCES; None without a location
    attribution: Attribution | None = None
    confidence: float = 0.5
    mentions: int = 1
    spans: tuple[tuple[int, int], ...] = ()
    rules_version: str = ""
    pattern: str = ""  # the rule that fired: "verbs.txt:212", "derived:speech-demand"
    event_id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.spans:
            object.__setattr__(self, "spans", (self.span,))
        if not self.event_id:
            object.__setattr__(self, "event_id", self.stable_id())

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]

    @property
    def factual(self) -> bool:
        """True when the text says the event happened (not negated, not future/threat...)."""
        return not self.negated and self.modality in FACTUAL_MODALITIES

    def stable_id(self) -> str:
        key = "|".join(
            [
                self.article_id,
                str(self.sentence_index),
                f"{self.span[0]}:{self.span[1]}",
                self.cameo,
                ",".join(a.code or a.text for a in self.source),
                ",".join(a.code or a.text for a in self.target),
            ]
        )
        return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "trigger": self.trigger,
            "span": list(self.span),
            "date": _iso(self.date),
            "date_precision": self.date_precision,
            "date_source": self.date_source,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "negated": self.negated,
            "modality": self.modality,
            "location": self.location.to_dict() if self.location else None,
            "place_source": self.place_source,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "confidence": self.confidence,
            "mentions": self.mentions,
            "spans": [list(s) for s in self.spans],
            "rules_version": self.rules_version,
            "pattern": self.pattern,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        span = tuple(d.get("span") or (0, 0))
        return cls(
            event_id=d.get("event_id") or "",
            article_id=str(d["article_id"]),
            sentence_index=int(d.get("sentence_index") or 0),
            sentence=d.get("sentence") or "",
            trigger=d.get("trigger") or "",
            span=(int(span[0]), int(span[1])),
            date=parse_date(d.get("date")),
            date_precision=d.get("date_precision"),
            date_source=d.get("date_source"),
            source=tuple(Actor.from_dict(a) for a in d.get("source") or ()),
            target=tuple(Actor.from_dict(a) for a in d.get("target") or ()),
            plover=d.get("plover"),
            plover_mode=d.get("plover_mode"),
            cameo=d["cameo"],
            quad_class=d.get("quad_class"),
            goldstein=d.get("goldstein"),
            negated=bool(d.get("negated")),
            modality=d.get("modality") or "asserted",
            location=Location.from_dict(d.get("location")),
            place_source=d.get("place_source"),
            attribution=Attribution.from_dict(d.get("attribution")),
            confidence=float(d.get("confidence") or 0.0),
            mentions=int(d.get("mentions") or 1),
            spans=tuple((int(a), int(b)) for a, b in d.get("spans") or ()),
            rules_version=d.get("rules_version") or "",
            pattern=d.get("pattern") or "",
        )


@dataclass(frozen=True, slots=True)
class UnresolvedName:
    """A person or organisation name the resolver could not code (for actor discovery)."""

    text: str
    label: str  # spaCy entity label: PERSON, ORG, NORP ...
    sentence: str


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with the events coded from it, or the error that stopped it."""

    article: Article
    events: tuple[Event, ...] = ()
    error: str | None = None
    unresolved: tuple[UnresolvedName, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input item that could not be read: one line naming the file (and record)."""

    origin: str  # "path" or "path:line" or "path#record"
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True, slots=True)
class ClusterArticle:
    """An article reporting a clustered happening; ``original_id`` is set when it is a
    syndicated copy of that article."""

    id: str
    title: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    url: str | None = None
    original_id: str | None = None
    event_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "date": _iso(self.date),
            "url": self.url,
            "original_id": self.original_id,
            "event_ids": list(self.event_ids),
        }


@dataclass(frozen=True, slots=True)
class EventCluster:
    """One happening, counted once: the events of many articles that report it.

    ``date`` .. ``date_end`` are the days it may fall on (``date_precision`` "day",
    "range" for a publication day in doubt or a week, "month", "year", or None when no
    report dates it); the type, codes, actors' countries and place are those of the
    ``representative`` event. ``num_sources`` counts distinct outlets, a syndicated copy
    counting as its original's; ``outlets`` lists every member article's outlet.
    ``articles`` is filled by detail queries (``Store.get_cluster``)."""

    cluster_id: str
    plover: str | None
    cameo: str
    quad_class: int | None
    goldstein: float | None
    factual: bool
    date: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    source_code: str | None
    source_country: str | None
    target_code: str | None
    target_country: str | None
    location: Location | None
    num_events: int
    num_articles: int
    num_sources: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    outlets: tuple[str, ...] = ()
    representative_event_id: str | None = None
    representative: Event | None = None
    articles: tuple[ClusterArticle, ...] = ()

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]

    @property
    def dyad(self) -> tuple[str | None, str | None]:
        return self.source_country, self.target_country

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_id": self.cluster_id,
            "plover": self.plover,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "factual": self.factual,
            "date": _iso(self.date),
            "date_end": _iso(self.date_end),
            "date_precision": self.date_precision,
            "source_code": self.source_code,
            "source_country": self.source_country,
            "target_code": self.target_code,
            "target_country": self.target_country,
            "location": self.location.to_dict() if self.location else None,
            "num_events": self.num_events,
            "num_articles": self.num_articles,
            "num_sources": self.num_sources,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "outlets": list(self.outlets),
            "representative_event_id": self.representative_event_id,
            "representative": self.representative.to_dict() if self.representative else None,
            "articles": [a.to_dict() for a in self.articles],
        }
