"""Speed work must not change results: the fast ``to_parsed`` against spaCy's own API.

``nlp.to_parsed`` reads token attributes in bulk (``Doc.to_array``) and rebuilds
sentences and entities from the arrays; the reference here reads them one ``Token``,
``Span`` and entity at a time, as spaCy documents them.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsevents.nlp import parse_texts, to_parsed
from newsevents.parsed import Entity, ParsedDoc, Sentence, Token

TEXTS = [
    "U.N. Secretary-General António Guterres met U.S. President Joe Biden in New York on "
    'Monday.  "We agreed," he said.\n\nRussia\'s army shelled Kharkiv, Ukraine said.',
    "",
    "   ",
    "\n\nHeadline only\n",
    "The European Union and NATO\twarned Iran; Tehran rejected it.\r\nMore to follow…",
    "北京 and Tokyo signed a deal. Kenya's police fired tear gas at protesters in Nairobi.",
]


def reference_parse(doc: Any) -> ParsedDoc:
    sentences = tuple(
        Sentence(n, s.start, s.end, s.start_char, s.end_char, s.text)
        for n, s in enumerate(doc.sents)
    )
    sent_of = {k: s.index for s in sentences for k in range(s.start, s.end)}
    tokens = tuple(
        Token(t.i, t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.idx, t.ent_type_,
              t.ent_iob_, sent_of[t.i])
        for t in doc
    )  # fmt: skip
    entities = tuple(
        Entity(e.start, e.end, e.label_, e.text, e.start_char, e.end_char) for e in doc.ents
    )
    return ParsedDoc(doc.text, tokens, sentences, entities)


@pytest.mark.slow
def test_fast_to_parsed_equals_spacy_attribute_by_attribute(pipeline: Any) -> None:
    nlp = pipeline.nlp
    docs = list(nlp.pipe(TEXTS))
    assert any(len(d.ents) > 2 for d in docs) and any(len(list(d.sents)) > 2 for d in docs)
    for doc, text in zip(docs, TEXTS, strict=True):
        expected = reference_parse(doc)
        for parsed in (to_parsed(doc), to_parsed(doc, text)):
            assert parsed.text == text
            assert parsed.tokens == expected.tokens
            assert parsed.sentences == expected.sentences
            assert parsed.entities == expected.entities
    streamed = list(parse_texts(nlp, TEXTS, batch_size=2))  # several batches, in order
    assert [p.text for p in streamed] == TEXTS
    assert [p.tokens for p in streamed] == [reference_parse(d).tokens for d in docs]
