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

DatePrecision = Literal["day", "week", "month", "year"]


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

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "city": self.city, "country": self.country}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Dateline | None:
        if not d:
            return None
        return cls(place=d.get("place") or "", city=d.get("city"), country=d.get("country"))


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
    # When the page was downloaded (``newsevents fetch``/``watch``), UTC; None for files.
    fetched_at: dt.datetime | None = None

    @property
    def text(self) -> str:
        """Body paragraphs joined by blank lines; event spans index into this string."""
        return "\n\n".join(self.paragraphs)

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
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
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
    negated: bool = False
    modality: str = "asserted"
    location: Location | None = None
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
