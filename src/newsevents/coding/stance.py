"""What a speaker says of someone: criticism (ACCUSE, CAMEO 111) and praise (SUPPORT, 051)
carried by the words of reported speech rather than by a verb of criticism.

"The Muslim Council of Britain said Ofsted boss Mr Bell's comments were 'highly
irresponsible'" criticises Mr Bell although no word of it is "criticise"; "Trump tweeted
that Governor Bevin has done a wonderful job" praises Bevin. Plain "said" is no event
(ANNOTATION.md): only the content's evaluative words (``data/coding/evaluation.tsv``),
read with their negation ("not irresponsible"), make it one, and only when the content
names whom it is about. A content that reports a coded event ("said the army attacked X")
is that event, not an opinion of it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from ..parsed import ActorMention, ParsedDoc, Sentence
from .extract import Found
from .patterns import PATTERN_DATA, Pattern, PatternError
from .syntax import MentionIndex, clause_subject, first_child

CRITICISM, PRAISE, FOUND_LIABLE = "111", "051", "116"
# What a court rules or finds: a finding against someone is CAMEO 116 (find guilty or
# liable), for courts and judges only ("a study found that ..." is no ruling).
RULING = frozenset({"rule", "find"})
# Verbs that report what someone said or wrote, and those that name what someone is
# ("described X as", "called X a disgrace", "branded X").
SPEECH = frozenset({
    "say", "tell", "claim", "argue", "add", "insist", "warn", "write", "tweet", "state",
    "declare", "suggest", "maintain", "contend", "assert", "stress", "complain", "believe",
    "think", "admit", "acknowledge", "note", "explain", "reply", "respond", "retort",
})  # fmt: skip
NAMING = frozenset({"describe", "call", "brand", "label", "dub", "term", "characterise",
                    "characterize", "deem", "consider"})  # fmt: skip
CONTENT_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "advcl"})
NAMING_DEPS = frozenset({"oprd", "xcomp", "acomp", "attr", "ccomp"})
NEGATORS = frozenset({"not", "n't", "never", "no", "nothing", "hardly"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
# What political actors make, whose criticism is criticism of its makers.
POLITICAL_OBJECTS = frozenset({
    "plan", "policy", "scheme", "bill", "proposal", "decision", "strategy", "budget",
    "reshuffle", "measure", "law", "legislation", "comment", "remark", "claim", "response",
    "handling", "record", "move", "approach", "reform", "cut", "tax", "freeze", "deal",
    "agreement", "programme", "program", "initiative", "crackdown", "ban", "sanction",
    "tariff", "rule", "regulation", "manifesto", "pledge", "promise", "idea",
    "appointment", "nomination", "verdict", "ruling", "statement", "announcement",
    "detention", "arrest", "deportation", "order", "election", "vote",
})  # fmt: skip


def _political_object(parsed: ParsedDoc, head: int | None) -> bool:
    return head is not None and parsed.tokens[head].lemma.lower() in POLITICAL_OBJECTS


@dataclass(frozen=True)
class EvaluationLexicon:
    words: dict[str, int]  # word or "first-second" -> -1 | 1

    @classmethod
    def load(cls) -> EvaluationLexicon:
        text = (
            resources.files("newsevents")
            .joinpath(f"{PATTERN_DATA}/evaluation.tsv")
            .read_text("utf-8")
        )
        lines = [x for x in text.splitlines() if x.strip() and not x.startswith("#")]
        words: dict[str, int] = {}
        for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
            word, pol = (row.get("word") or "").lower(), row.get("polarity")
            if not word or pol not in ("-1", "1"):
                raise PatternError(f"evaluation.tsv row {n}: need a word and -1 or 1")
            words[word] = int(pol)
        return cls(words)

    def polarity(self, parsed: ParsedDoc, tokens: list[int]) -> int:
        """Sum of the evaluative words among ``tokens`` (each flipped under a negation);
        0 when praise and criticism are mixed."""
        neg = pos = 0
        toks = parsed.tokens
        for k, i in enumerate(tokens):
            t = toks[i]
            nxt = toks[tokens[k + 1]] if k + 1 < len(tokens) else None
            value = None
            if nxt is not None:
                value = self.words.get(f"{t.text.lower()}-{nxt.text.lower()}")
            if value is None:
                value = self.words.get(t.text.lower()) or self.words.get(t.lemma.lower())
            if not value:
                continue
            if _negated(parsed, i):
                value = -value
            if value < 0:
                neg += 1
            else:
                pos += 1
        if neg and pos:
            return 0
        return -neg if neg else pos


def _negated(parsed: ParsedDoc, i: int) -> bool:
    toks = parsed.tokens
    for j in (i, toks[i].head):
        if any(toks[c].dep == "neg" for c in parsed.children(j)):
            return True
    before = [t.text.lower() for t in toks[max(0, i - 3) : i]]
    return any(w in NEGATORS for w in before)


def _content(parsed: ParsedDoc, v: int) -> tuple[list[int], int | None]:
    """The tokens of what verb ``v`` reports, and the head of whom it is about (the
    content clause's subject, or the named object of "called X a disgrace")."""
    lemma = parsed.tokens[v].lemma.lower()
    if lemma in NAMING:
        obj = first_child(parsed, v, frozenset({"dobj", "obj", "nsubjpass"}))
        parts = [c for c in parsed.children(v) if parsed.tokens[c].dep in NAMING_DEPS]
        for c in parsed.children(v):  # "described X as Y"
            if parsed.tokens[c].dep == "prep" and parsed.tokens[c].text.lower() == "as":
                parts.append(c)
        if obj is not None:
            parts.extend(c for c in parsed.children(obj) if parsed.tokens[c].dep in NAMING_DEPS)
        tokens = sorted({t for p in parts for t in parsed.subtree(p)})
        return tokens, obj
    for c in parsed.children(v):
        if parsed.tokens[c].dep in CONTENT_DEPS:
            subj, _ = clause_subject(parsed, c)
            return parsed.subtree(c), subj
    return [], None


def _about(
    parsed: ParsedDoc, idx: MentionIndex, head: int | None, tokens: list[int],
    sources: list[ActorMention], subject_only: bool = False,
) -> list[ActorMention]:  # fmt: skip
    """Whom the content is about: its subject's actors (or their possessor: "Mr Bell's
    comments"), else (unless ``subject_only``) the first actor it names, never the
    speaker."""
    own = {a for m in sources for a in m.actors}

    def others(found: list[ActorMention]) -> list[ActorMention]:
        return [m for m in found if m not in sources and not set(m.actors) <= own]

    if head is not None and parsed.tokens[head].text.lower() not in FIRST_PERSON:
        found = others(idx.phrase_actors(head))
        if found:
            return found
    if subject_only:
        return []
    for i in tokens:
        m = idx.at(i)
        if m is not None and i == m.head:
            found = others([m])
            if found:
                return found
    return []


def stance_events(
    parsed: ParsedDoc,
    sent: Sentence,
    idx: MentionIndex,
    lexicon: EvaluationLexicon,
    coded: set[int],
) -> Iterator[Found]:
    """Criticism and praise voiced in the sentence's reported speech (see module doc).
    ``coded``: triggers already coded in the sentence (a coded verb is its own event; a
    content holding one reports that event)."""
    for tok in parsed.tokens[sent.start : sent.end]:
        lemma = tok.lemma.lower()
        if tok.pos != "VERB" or tok.i in coded or lemma not in SPEECH | NAMING | RULING:
            continue
        if tok.dep == "advcl" and tok.head in coded:
            continue  # "derided the photo call, [saying] ...": says how, one event
        tokens, head = _content(parsed, tok.i)
        if not tokens or any(t in coded for t in tokens):
            continue
        polarity = lexicon.polarity(parsed, tokens)
        if polarity == 0:
            continue
        subj, passive = clause_subject(parsed, tok.i)
        if subj is None or passive:
            continue
        sources = [
            m for m in idx.actors_of(subj)
            if any(a.code or a.country for a in m.actors)
            and not any(a.sector == "MED" for a in m.actors)  # reporters ask, they don't judge
        ]  # fmt: skip
        if lemma in RULING and not (
            sources and polarity < 0
            and all(a.sector == "JUD" for m in sources for a in m.actors)
        ):  # fmt: skip
            continue
        if not sources:
            continue
        # praise names whom it praises as its subject ("said Bevin has done a wonderful
        # job"); "it would be a way of recognising young people" praises no one
        targets = _about(parsed, idx, head, tokens, sources, subject_only=polarity > 0)
        if not targets and not (polarity < 0 and _political_object(parsed, head)):
            # criticism of a plan, a bill or a decision is criticism of whoever made it,
            # even when the sentence does not name them; praise must name whom it praises
            continue
        code = (FOUND_LIABLE if lemma in RULING else CRITICISM) if polarity < 0 else PRAISE
        pattern = Pattern(code, lemma, "verb", (), origin="derived:stance")
        yield Found(tok.i, pattern, code, sources, targets, derived_from=tok.i)
