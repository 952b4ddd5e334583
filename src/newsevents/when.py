"""When an event happened (not when the article appeared).

``event_date`` looks at the date phrases of the event's sentence (spaCy's DATE and
TIME entities, plus weekday, "yesterday", "today" tokens the tagger missed), ranks them
by how closely they hang off the trigger's clause, and resolves them against the
article's date (``datephrase.resolve_date_phrase``: dateparser, with the anchoring done
here). In order:

1. a date phrase in the trigger's own clause (or on the verb governing a noun trigger:
   "launched an attack on Sunday"), or the date a relative clause hangs from ("since
   1989, when troops crushed the protests"): that date, from the text;
   "since June" on a perfect verb ("has detained 500 people since June") dates its
   start; other reference points ("until March", "after Monday's talks") date nothing;
2. a background clause (a relative clause, an "after" clause) keeps its own date: with
   none, it is ``before`` the date of the clause it hangs from;
3. a date phrase on a clause the trigger's clause hangs from ("said on Monday that
   troops (had) shelled ..."): that date;
4. a past-perfect clause ("had suspended"; not one that reported speech shifted back:
   "police said they had arrested five") or a background clause with no date in the
   sentence: precision ``before``, dated by the story's date it is known to precede;
   the present perfect ("has met") is news's tense for its own news;
5. a past-tense clause with no date of its own, after a sentence of its paragraph whose
   main clause states one ("In a letter in May, Duvall said farmers faced hardship. He
   urged Mr Trump to make a deal."): the paragraph's running date (``sentence_date``),
   ``date_source`` "paragraph" - the narrative stays in the time it was set in;
6. otherwise the story's own date (the dateline's, else the article's), as a fallback
   that says so (``date_source`` "dateline" or "article");
7. no date anywhere: ``date`` None, precision ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .datephrase import WEEKDAYS, resolve_date_phrase
from .parsed import ParsedDoc, Sentence

__all__ = [
    "EventDate", "RunningDates", "clause_tier", "event_date", "resolve_date_phrase",
    "sentence_date",
]  # fmt: skip

# Dependency labels that open a new clause: a date inside one belongs to that clause.
CLAUSE_DEPS = frozenset(
    {"ccomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "conj", "pcomp"}
)
# Prepositions that make a date a reference point rather than the event's date.
REFERENCE_PREPS = frozenset({"since", "until", "till", "by", "before", "after", "from", "through"})
# Words opening a clause or phrase that tells what came before the main event.
BACKGROUND_WORDS = frozenset({"after", "following", "since"})
# Single tokens worth a look even when the entity tagger left them out.
LONE_DATE_WORDS = frozenset({"yesterday", "today", "tonight", *WEEKDAYS})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
PAST_PERFECT_AUX = frozenset({"had", "'d"})
# Verbs that report: a date on "officials said on Friday" bounds what they report.
SPEECH_LEMMAS = frozenset(
    {"say", "tell", "announce", "report", "claim", "add", "confirm", "state", "write"}
)
PERFECT_AUX = frozenset({"has", "have", "'ve", "'s", *PAST_PERFECT_AUX})
_YEAR = re.compile(r"\b(1[89]|2[01])\d\d\b")
_ERA = re.compile(r"\d0'?s\b|\bcentur|\bdecades?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date, its precision (model.DATE_PRECISIONS) and where it came from
    (model.DATE_SOURCES; None when the date is unknown)."""

    date: dt.date | None
    precision: str
    source: str | None


@dataclass(frozen=True, slots=True)
class _Phrase:
    tier: int  # 0 own clause, 1 governor of a noun trigger, 2 a clause above, 3 elsewhere
    distance: int
    text: str
    since: bool  # "since X": the start of an ongoing event


def event_date(
    parsed: ParsedDoc,
    sentence: Sentence,
    trigger_i: int,
    story_date: dt.date | None,
    story_source: str = "article",
    running: RunningDates | None = None,
) -> EventDate:
    """The event's date. ``story_date``: the date the story's "today" is (the dateline's
    or the article's), ``story_source`` says which ("dateline" or "article");
    ``running``: the article's running dates (step 5), when the caller tracks them."""
    future = _is_future(parsed, trigger_i)
    perfect = _is_perfect(parsed, trigger_i)
    present_perfect = _is_present_perfect(parsed, trigger_i)
    phrases = sorted(_date_phrases(parsed, sentence, trigger_i), key=lambda p: (p.tier, p.distance))
    above: tuple[dt.date, str] | None = None
    undatable = False  # "in the 1990s": long before, on no date we can give
    for phrase in phrases:
        if phrase.tier > 2:
            break
        if phrase.since and not ((perfect or present_perfect) and phrase.tier <= 1):
            continue
        resolved = resolve_date_phrase(phrase.text, story_date, future=future)
        if resolved is None:
            undatable = undatable or (phrase.tier <= 1 and bool(_ERA.search(phrase.text)))
            continue
        if phrase.tier <= 1:
            return EventDate(resolved[0], resolved[1], "text")
        above = above or resolved
    background = _is_background(parsed, trigger_i)
    if background and above is not None:
        return EventDate(above[0], "before", "text")
    if above is not None:  # "said on Monday that troops (had) shelled ...": Monday
        return EventDate(above[0], above[1], "text")
    if perfect or background or undatable:
        if story_date is not None:
            return EventDate(story_date, "before", story_source)
        return EventDate(None, "unknown", None)
    paragraph_date = (
        running.at(sentence)
        if running is not None and not future and _is_simple_past(parsed, trigger_i)
        else None
    )
    if paragraph_date is not None:
        return EventDate(paragraph_date.date, paragraph_date.precision, "paragraph")
    if story_date is not None:
        return EventDate(story_date, "day", story_source)
    return EventDate(None, "unknown", None)


class RunningDates:
    """Each paragraph's running date: what the last earlier sentence of the paragraph
    that states a date stated (``sentence_date``). Worked out only for the sentences an
    event asks about, each sentence once (dateparser is slow)."""

    def __init__(self, parsed: ParsedDoc, story_date: dt.date | None) -> None:
        self.parsed = parsed
        self.story_date = story_date
        self._stated: dict[int, EventDate | None] = {}

    def _stated_in(self, sentence: Sentence) -> EventDate | None:
        if sentence.index not in self._stated:
            self._stated[sentence.index] = sentence_date(self.parsed, sentence, self.story_date)
        return self._stated[sentence.index]

    def at(self, sentence: Sentence) -> EventDate | None:
        """The running date in force at ``sentence`` (set by an earlier sentence)."""
        paragraph = self.parsed.paragraph_of(sentence)
        for earlier in reversed(self.parsed.sentences[: sentence.index]):
            if self.parsed.paragraph_of(earlier) != paragraph:
                return None
            stated = self._stated_in(earlier)
            if stated is not None:
                return stated
        return None


def sentence_date(
    parsed: ParsedDoc, sentence: Sentence, story_date: dt.date | None
) -> EventDate | None:
    """The date a sentence's main clause states for something past ("In a letter in May,
    Duvall said ..."), which the rest of its paragraph goes on from; None if it states
    none, or only a future or reference date ("since June", "until March")."""
    root = next(
        (t.i for t in parsed.sentence_tokens(sentence) if t.head == t.i and t.pos in ("VERB", "AUX")),
        None,
    )
    if root is None or _is_future(parsed, root):
        return None
    for phrase in sorted(_date_phrases(parsed, sentence, root), key=lambda p: p.distance):
        if phrase.tier > 0 or phrase.since:
            continue
        resolved = resolve_date_phrase(phrase.text, story_date)
        if resolved is not None and (story_date is None or resolved[0] <= story_date):
            return EventDate(resolved[0], resolved[1], "text")
    return None


def _date_phrases(parsed: ParsedDoc, sentence: Sentence, trigger_i: int) -> Iterator[_Phrase]:
    covered: set[int] = set()
    antecedent = _relative_antecedent(parsed, trigger_i)
    for ent in parsed.entities_in(sentence):
        if ent.label not in ("DATE", "TIME") and not (
            ent.label == "EVENT" and _YEAR.search(ent.text)
        ):  # "the September 11, 2001 attacks" is tagged an event
            continue
        covered.update(range(ent.start, ent.end))
        root = _span_root(parsed, ent.start, ent.end)
        if antecedent is not None and ent.start <= antecedent < ent.end:
            # "since 1989, when it crushed the protests": the clause's own date
            yield _Phrase(0, 0, ent.text, False)
            continue
        prep = _reference_prep(parsed, root, ent.text)
        if prep is not None and prep != "since":
            continue
        tier = _attribution_tier(parsed, root, trigger_i, clause_tier(parsed, root, trigger_i))
        yield _Phrase(tier, abs(root - trigger_i), ent.text, prep == "since")
    for tok in parsed.sentence_tokens(sentence):
        if tok.i in covered or tok.text.lower() not in LONE_DATE_WORDS:
            continue
        prep = _reference_prep(parsed, tok.i, tok.text)
        if prep is None:
            yield _Phrase(clause_tier(parsed, tok.i, trigger_i), abs(tok.i - trigger_i),
                          tok.text, False)  # fmt: skip


def _reference_prep(parsed: ParsedDoc, root: int, text: str) -> str | None:
    """The preposition making a date a reference point: "since 1917", "until March",
    "by 2007", "after Monday's talks"; None for the event's own date."""
    tok = parsed.tokens[root]
    first = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    if first in REFERENCE_PREPS:
        return first
    if tok.dep == "pobj" and parsed.tokens[tok.head].text.lower() in REFERENCE_PREPS:
        return parsed.tokens[tok.head].text.lower()
    if tok.dep == "poss":  # "after Monday's talks": the talks are the reference
        owner = parsed.tokens[tok.head]
        if owner.dep == "pobj" and parsed.tokens[owner.head].text.lower() in REFERENCE_PREPS:
            return parsed.tokens[owner.head].text.lower()
    return None


def _attribution_tier(parsed: ParsedDoc, token_i: int, trigger_i: int, tier: int) -> int:
    """A date on a report hanging below the event's clause ("troops have shelled the
    town, officials said on Friday") is the date the report gives: the event is no
    later, as with a date on a clause above it (tier 2)."""
    if tier != 3:
        return tier
    verb = _clause_verb(parsed, trigger_i)
    i = token_i
    for _ in range(6):
        tok = parsed.tokens[i]
        if tok.head == i:
            return tier
        if tok.pos in ("VERB", "AUX"):
            speech = tok.lemma.lower() in SPEECH_LEMMAS and tok.head == verb
            return 2 if speech and tok.dep in ("parataxis", "ccomp", "advcl") else tier
        i = tok.head
    return tier


def _span_root(parsed: ParsedDoc, start: int, end: int) -> int:
    for i in range(start, end):
        if not start <= parsed.tokens[i].head < end or parsed.tokens[i].head == i:
            return i
    return end - 1


def clause_tier(parsed: ParsedDoc, token_i: int, trigger_i: int) -> int:
    """How a phrase (at ``token_i``) hangs off the trigger's clause.

    0: in the trigger's own clause; 1: on the governor of a non-clausal trigger
    ("launched an attack on Sunday"); 2: on a clause the trigger's clause hangs from
    ("said on Monday that troops had shelled ..."); 3: in another clause (a relative
    clause, a sibling clause) - not about this event."""
    trigger = parsed.tokens[trigger_i]
    governor = trigger.head if trigger.dep not in CLAUSE_DEPS and trigger.head != trigger_i else -1
    above: set[int] = set()  # the trigger and its ancestors
    k = trigger_i
    while k not in above:
        above.add(k)
        k = parsed.tokens[k].head
    crossed = False
    i = token_i
    while i not in above:
        tok = parsed.tokens[i]
        if tok.head == i:
            return 3  # another root: a different sentence fragment
        crossed = crossed or tok.dep in CLAUSE_DEPS
        i = tok.head
    if crossed:
        return 3
    return 0 if i == trigger_i else 1 if i == governor else 2


def _clause_verb(parsed: ParsedDoc, trigger_i: int) -> int:
    """The verb of the trigger's clause: the trigger, or the verb a noun trigger hangs
    from ("launched an attack", "the suspension of talks was announced")."""
    i = trigger_i
    for _ in range(6):
        tok = parsed.tokens[i]
        if tok.pos in ("VERB", "AUX") or tok.dep in CLAUSE_DEPS or tok.head == i:
            return i
        i = tok.head
    return trigger_i


def _aux_words(parsed: ParsedDoc, verb: int) -> set[str]:
    tok = parsed.tokens[verb]
    heads = (verb, tok.head) if tok.dep == "xcomp" else (verb,)
    return {
        parsed.tokens[c].text.lower()
        for h in heads
        for c in parsed.children(h)
        if parsed.tokens[c].dep in ("aux", "auxpass")
    }


def _is_future(parsed: ParsedDoc, trigger_i: int) -> bool:
    """True for "will meet", "is to meet": bare weekdays then resolve forward."""
    return bool(_aux_words(parsed, _clause_verb(parsed, trigger_i)) & FUTURE_AUX)


def _is_perfect(parsed: ParsedDoc, trigger_i: int) -> bool:
    """ "had launched", "had been detained": done before the time the story speaks
    from, on a day the clause does not say. Not the present perfect ("has met"),
    news's tense for its own news (in a background clause it is ``before`` all the
    same), nor a past perfect only shifted back by reported speech ("police said they
    had arrested five": "we arrested five")."""
    verb = _clause_verb(parsed, trigger_i)
    if parsed.tokens[verb].tag != "VBN":
        return False
    aux = _aux_words(parsed, verb)
    if not aux & PAST_PERFECT_AUX or aux & FUTURE_AUX:
        return False
    return not _reported(parsed, verb)


def _reported(parsed: ParsedDoc, verb: int) -> bool:
    """True when the clause is what a speech verb reports: "said (that) ..."."""
    tok = parsed.tokens[verb]
    if tok.dep not in ("ccomp", "parataxis") or tok.head == verb:
        return False
    return parsed.tokens[tok.head].lemma.lower() in SPEECH_LEMMAS


def _is_simple_past(parsed: ParsedDoc, trigger_i: int) -> bool:
    """ "urged", "was arrested": the simple past, told in the time the story is in."""
    verb = _clause_verb(parsed, trigger_i)
    tag = parsed.tokens[verb].tag
    if tag == "VBD":
        return True
    return tag == "VBN" and bool(_aux_words(parsed, verb) & {"was", "were"})


def _is_present_perfect(parsed: ParsedDoc, trigger_i: int) -> bool:
    verb = _clause_verb(parsed, trigger_i)
    aux = _aux_words(parsed, verb)
    return parsed.tokens[verb].tag == "VBN" and bool(aux & PERFECT_AUX) and not aux & FUTURE_AUX


def _is_background(parsed: ParsedDoc, trigger_i: int) -> bool:
    """A relative clause ("an area China has suspended talks on", "the minister, who
    visited Kyiv, ..."), or an "after" clause or phrase ("after troops shelled the town", "after the attack"): told as
    what came before, not as the story's news."""
    i = trigger_i
    for _ in range(8):
        tok = parsed.tokens[i]
        if tok.head == i:
            return False
        head = parsed.tokens[tok.head]
        if tok.dep == "relcl":
            # "a dinner in 2003 where the minister told him ...": told at the dinner
            return not _adverbial_relative(parsed, i)
        if tok.dep == "pobj" and head.text.lower() in BACKGROUND_WORDS:
            return True
        if tok.dep == "pcomp" and head.text.lower() in BACKGROUND_WORDS:
            return True
        if tok.dep == "advcl":
            marks = {parsed.tokens[c].text.lower() for c in parsed.children(i)
                     if parsed.tokens[c].dep in ("mark", "prep")}  # fmt: skip
            return bool(marks & BACKGROUND_WORDS)
        if tok.dep in CLAUSE_DEPS:
            return False
        i = tok.head
    return False


def _adverbial_relative(parsed: ParsedDoc, verb: int) -> int | None:
    """The "when"/"where" opening a clause, if one does."""
    for c in parsed.children(verb):
        tok = parsed.tokens[c]
        if tok.dep == "advmod" and tok.text.lower() in ("when", "where") and c < verb:
            return c
    return None


def _relative_antecedent(parsed: ParsedDoc, trigger_i: int) -> int | None:
    """The date a clause holding the trigger is about: the date a relative clause hangs
    from ("in November 2003, where ..."), or the date right before a "when" clause
    ("since 1989, when it crushed the protests")."""
    verb = _clause_verb(parsed, trigger_i)
    tok = parsed.tokens[verb]
    if tok.dep in ("relcl", "advcl", "acl") and tok.head != verb:
        head = parsed.tokens[tok.head]
        if head.ent_type in ("DATE", "TIME"):
            return head.i
    when = _adverbial_relative(parsed, verb)
    if when is not None:
        before = when - 1
        if before >= 0 and parsed.tokens[before].text == ",":
            before -= 1
        if before >= 0 and parsed.tokens[before].ent_type in ("DATE", "TIME"):
            return before
    return None
