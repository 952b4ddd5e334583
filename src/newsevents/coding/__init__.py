"""Event coding: parsed sentences and actor mentions in, CAMEO/PLOVER events out.

``EventCoder.code(article, parsed, mentions)`` finds triggers by pattern
(``patterns.py``), their actors (``extract.py``), whether they happened
(``modality.py``), when and where (``when.py``, ``where.py``), then merges repeated
mentions (``merge.py``). Tables and patterns load once per coder, on first use.
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING

from ..countries import CountryIndex
from ..model import Article, Event
from ..parsed import ActorMention, ParsedDoc
from ..when import RunningDates, event_date
from ..where import StoryPlaces
from .build import EventBuilder, story_country
from .cameo import CameoTables
from .confidence import ConfidenceModel, event_features
from .derive import IntentTable, derive_events
from .extract import find_in_sentence
from .merge import merge_events
from .patterns import PATTERN_DATA, PATTERN_FILES, PatternBook
from .scope import ActorKinds, Admission, Topic, TopicLexicon, TypeRoles
from .stance import EvaluationLexicon
from .syntax import MentionIndex, paired_country_mentions

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

__all__ = ["EventCoder", "CameoTables", "PatternBook"]

SCOPE_FILES = ("topics.tsv", "actor_kinds.tsv", "type_roles.tsv", "evaluation.tsv", "ambiguous.txt")


class EventCoder:
    """Codes the events of one article at a time; heavy tables load on first use."""

    def __init__(self, include_statements: bool = False, places_files: tuple[str, ...] = ()) -> None:
        self.include_statements = include_statements
        self.places_files = places_files

    @cached_property
    def tables(self) -> CameoTables:
        return CameoTables.load()

    @cached_property
    def patterns(self) -> PatternBook:
        return PatternBook.load(self.tables.codes)

    @cached_property
    def intents(self) -> IntentTable:
        return IntentTable.load(self.tables.codes)

    @cached_property
    def countries(self) -> CountryIndex:
        return CountryIndex.load()

    @cached_property
    def evaluation(self) -> EvaluationLexicon:
        return EvaluationLexicon.load()

    @cached_property
    def topics(self) -> TopicLexicon:
        return TopicLexicon.load()

    @cached_property
    def kinds(self) -> ActorKinds:
        return ActorKinds.load(self.countries)

    @cached_property
    def admission(self) -> Admission:
        return Admission(self.kinds, TypeRoles.load())

    @cached_property
    def confidence_model(self) -> ConfidenceModel:
        return ConfidenceModel.load()

    @cached_property
    def specificity(self) -> dict[str, int]:
        """Each pattern's specificity by its origin ("verbs.txt:212"), for confidence."""
        return {p.origin: p.specificity for p in self.patterns}

    def _in_words(self, event: Event) -> Event:
        """A politician's "attack" on a rival is criticism (``Admission.verbal_attack``)."""
        if not self.admission.verbal_attack(event):
            return event
        plover = self.tables.plover(CRITICISM)
        return dataclasses.replace(
            event, cameo=CRITICISM, plover=plover[0] if plover else event.plover,
            plover_mode=plover[1] if plover else None,
            quad_class=self.tables.quad_class(CRITICISM),
            goldstein=self.tables.goldstein(CRITICISM),
        )  # fmt: skip

    def features(self, event: Event, topic: Topic) -> dict[str, float]:
        """The evidence behind ``event.confidence`` (``coding/confidence.py``)."""
        return event_features(event, self.kinds, topic, self.specificity.get(event.pattern, 0))

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from ..gazetteer import Gazetteer

        return Gazetteer.load(area_files=self.places_files)

    @cached_property
    def rules_version(self) -> str:
        h = hashlib.sha1()
        for name in (*PATTERN_FILES, *SCOPE_FILES, "intent.tsv", "confidence.json"):
            h.update(resources.files("newsevents").joinpath(f"{PATTERN_DATA}/{name}").read_bytes())
        return f"coding-{h.hexdigest()[:10]}"

    def code(
        self, article: Article, parsed: ParsedDoc, mentions: list[ActorMention]
    ) -> list[Event]:
        """All events of the article, repeated mentions merged, in order of first mention."""
        idx = MentionIndex(
            parsed, [*mentions, *paired_country_mentions(parsed, mentions, self.countries)]
        )
        builder = EventBuilder(
            article, parsed, idx, self.tables, self.countries, self.rules_version,
            story_country(mentions),
        )  # fmt: skip
        story_source = "dateline" if article.date_source == "dateline" else "article"
        places = StoryPlaces(
            self.gazetteer, parsed, article.dateline,
            (a.country for m in mentions for a in m.actors), article.date,
        )  # fmt: skip
        topic = self.topics.topic(parsed)
        events: list[Event] = []
        running = RunningDates(parsed, article.date)  # the date each paragraph's story is in
        for sent in parsed.sentences:
            found = find_in_sentence(self.patterns, parsed, sent, idx)
            for f, mod in derive_events(parsed, sent, found, idx, self.intents, self.evaluation):
                event = builder.build(sent, f, mod)
                if event is None:
                    continue
                if event.plover is None and not self.include_statements:
                    continue
                when = event_date(
                    parsed, sent, f.trigger, article.date, story_source, running
                )
                where, place_source = places.locate(sent, f.trigger, event, when)
                # A place carried over from an earlier sentence, or the story's setting,
                # locates the event but is no evidence for its actors (a protest's
                # country as its target).
                evidence = where if place_source not in ("paragraph", "story") else None
                placed = builder.place_and_time(event, when.date, when.precision, evidence)
                admitted = self.admission.judge(
                    dataclasses.replace(
                        placed, location=where, date_source=when.source, place_source=place_source
                    ),
                    topic,
                )
                if admitted is not None:
                    events.append(self._in_words(admitted))
        merged = merge_events(_without_restated_headline(parsed, article, events), self.countries)
        model = self.confidence_model
        return [
            dataclasses.replace(e, confidence=model.score(self.features(e, topic)))
            for e in merged
        ]


CRITICISM = "111"


HEADLINE_END = frozenset('.!?"\'”’:;')


def _headline_sentences(parsed: ParsedDoc, article: Article) -> set[int]:
    """Sentences of a first paragraph that reads as a headline (no closing punctuation),
    in an article with a body after it: a text given whole, headline included."""
    if len(article.paragraphs) < 2 or not article.paragraphs[0].strip():
        return set()
    first = article.paragraphs[0].strip()
    if first[-1] in HEADLINE_END or len(first.split()) > 20:
        return set()
    end = len(article.paragraphs[0])
    return {s.index for s in parsed.sentences if s.start_char < end}


def _without_restated_headline(
    parsed: ParsedDoc, article: Article, events: list[Event]
) -> list[Event]:
    """A headline tells the happening its lead tells again: its events go when the body
    has an event of the same type (the lead's is the one with the full sentence)."""
    heads = _headline_sentences(parsed, article)
    if not heads:
        return events
    body = {e.plover for e in events if e.sentence_index not in heads}
    return [e for e in events if e.sentence_index not in heads or e.plover not in body]
