"""The pipeline object: settings plus lazily loaded models and knowledge, once per process.

Per-article work is pure given a ``Pipeline``: the CLI, the worker pool, the REST API
and the Spark job all call ``Pipeline.code_articles``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from .config import Settings, load_settings
from .model import Article, CodedArticle, UnresolvedName
from .nlp import load_model, parse_texts
from .parsed import ActorMention, ParsedDoc

if TYPE_CHECKING:
    from spacy.language import Language

    from .actors import ActorResolver, KnowledgeBase
    from .coding import EventCoder


class Pipeline:
    """Everything needed to code articles; heavy parts load on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    @cached_property
    def nlp(self) -> Language:
        return load_model(self.settings.model)

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        from .actors import KnowledgeBase

        return KnowledgeBase.load(extra_files=self.settings.actors_files)

    @cached_property
    def resolver(self) -> ActorResolver:
        from .actors import ActorResolver

        return ActorResolver(self.knowledge)

    @cached_property
    def coder(self) -> EventCoder:
        from .coding import EventCoder

        return EventCoder(
            include_statements=self.settings.include_statements,
            places_files=self.settings.places_files,
        )

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles, in order; a failure is recorded on its article."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.settings.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Article]) -> Iterator[CodedArticle]:
        # spaCy refuses texts over nlp.max_length (and one refusal would sink the whole
        # batch), so an overlong "article" (a data dump, a megabyte table) fails alone.
        limit = self.nlp.max_length
        fits = [a for a in batch if len(a.text) <= limit]
        parsed_docs = parse_texts(self.nlp, (a.text for a in fits), self.settings.batch_size)
        for article in batch:
            if len(article.text) > limit:
                message = f"text too long to code ({len(article.text):,} characters > {limit:,})"
                yield CodedArticle(article, (), message)
                continue
            parsed = next(parsed_docs)
            try:
                mentions = self.resolver.resolve(parsed, article)
                events = [
                    e for e in self.coder.code(article, parsed, mentions)
                    if e.confidence >= self.settings.min_confidence
                ]  # fmt: skip
            except Exception as exc:  # one bad article must not stop a batch
                yield CodedArticle(article, (), f"{type(exc).__name__}: {exc}")
                continue
            yield CodedArticle(article, tuple(events), None, _unresolved_names(parsed, mentions))


def _unresolved_names(
    parsed: ParsedDoc, mentions: list[ActorMention]
) -> tuple[UnresolvedName, ...]:
    """Names the resolver could not code (``how="unresolved:<LABEL>"``), for discovery."""
    return tuple(
        UnresolvedName(
            m.actors[0].text,
            m.how.removeprefix("unresolved:"),
            parsed.sentences[parsed.tokens[m.head].sent].text,
        )
        for m in mentions
        if m.how.startswith("unresolved")
    )
