"""Event coding: parsed sentences and actor mentions in, CAMEO/PLOVER events out.

``EventCoder.code(article, parsed, mentions)`` finds triggers by pattern
(``patterns.py``), their actors (``extract.py``), whether they happened
(``modality.py``), when and where (``when.py``, ``where.py``), then merges repeated
mentions (``merge.py``). Tables and patterns load once per coder, on first use.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING

from ..countries import CountryIndex
from ..model import Article, Event
from ..parsed import ActorMention, ParsedDoc
from ..when import event_date
from .build import EventBuilder
from .cameo import CameoTables
from .derive import IntentTable, derive_events
from .extract import find_in_sentence
from .merge import merge_events
from .patterns import PATTERN_DATA, PATTERN_FILES, PatternBook
from .scope import ActorKinds, Admission, TopicLexicon, TypeRoles
from .stance import EvaluationLexicon
from .syntax import MentionIndex, paired_country_mentions

if TYPE_CHECKING:
    from ..where import Gazetteer

__all__ = ["EventCoder", "CameoTables", "PatternBook"]

SCOPE_FILES = ("topics.tsv", "actor_kinds.tsv", "type_roles.tsv", "evaluation.tsv", "ambiguous.txt")


class EventCoder:
    """Codes the events of one article at a time; heavy tables load on first use."""

    def __init__(self, include_statements: bool = False) -> None:
        self.include_statements = include_statements

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
    def admission(self) -> Admission:
        return Admission(ActorKinds.load(self.countries), TypeRoles.load())

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from ..where import Gazetteer

        return Gazetteer.load()

    @cached_property
    def rules_version(self) -> str:
        h = hashlib.sha1()
        for name in (*PATTERN_FILES, *SCOPE_FILES, "intent.tsv"):
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
            article, parsed, idx, self.tables, self.countries, self.rules_version
        )
        topic = self.topics.topic(parsed)
        events: list[Event] = []
        for sent in parsed.sentences:
            found = find_in_sentence(self.patterns, parsed, sent, idx)
            for f, mod in derive_events(parsed, sent, found, idx, self.intents, self.evaluation):
                event = builder.build(sent, f, mod)
                if event is None:
                    continue
                if event.plover is None and not self.include_statements:
                    continue
                date, precision = event_date(parsed, sent, f.trigger, article.date)
                country = event.source[0].country if event.source else None
                where = self.gazetteer.event_location(
                    parsed, sent, f.trigger, article.dateline, country
                )
                admitted = self.admission.judge(
                    builder.place_and_time(event, date, precision, where), topic
                )
                if admitted is not None:
                    events.append(admitted)
        return merge_events(_without_restated_headline(parsed, article, events))


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
