"""From triggers to event mentions: absorb, chain, and add intents, threats and demands.

- A noun event that is the object of another coded verb is that verb's content, not an
  event of its own ("rejected the [talks]", "called for [sanctions]").
- A verb of intent, threat or refusal governing a coded clause takes its code from that
  clause through ``intent.tsv`` ("prepared to impose martial law" -> 1324 THREATEN,
  "refused to deploy peacekeepers" -> REJECT), and its target when it has none.
- An action announced for the future ("will withdraw", "ready to contribute troops") is
  also an intent or threat event that did happen, as CAMEO codes it.
- "X said Y must do Z" is X's demand on Y (REQUEST).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources

from ..parsed import ParsedDoc, Sentence
from .extract import LIGHT_VERBS, Found, verb_roles
from .modality import INTENT_GOVERNORS, SPEECH_VERBS, Modality, modality_of
from .patterns import PATTERN_DATA, Pattern, PatternError
from .stance import EvaluationLexicon, stance_events
from .syntax import MentionIndex, first_child, is_passive

NO_EVENT = "---"
ULTIMATUM = "139"
# Prepositions that set an event in the time or place of another, not inside it.
CONTEXT_PREPS = frozenset({"during", "after", "before", "at", "in", "amid", "since", "following"})
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
CRITICISM = "111"
# "needed to change policy", "has to go": an obligation said with a verb.
OBLIGATION_VERBS = frozenset({"need", "ought"})  # not "have": "voters will have to wait"
# Commands whose coercive content is what happened: "ordered X to close its offices".
ORDERS = frozenset({"order", "force", "compel"})
# Conflictual acts that a pledge or vow to do them already is: "vowed to oppose".
PLEDGED_AS_IS = frozenset({"10", "11", "12", "13"})
# Verbs that answer someone's deed or word: their target is its doer.
RESPONSE_ROOTS = frozenset({"05", "09", "11", "12", "16"})
# Deeds of force and coercion, whose target is their victim.
FORCE_ROOTS = frozenset({"15", "17", "18", "19", "20"})


@dataclass(frozen=True)
class IntentTable:
    """Action code prefix -> (intent code, refusal code); longest prefix wins."""

    rows: dict[str, tuple[str, str]]

    @classmethod
    def load(cls, valid_codes: frozenset[str]) -> IntentTable:
        text = (
            resources.files("newsevents").joinpath(f"{PATTERN_DATA}/intent.tsv").read_text("utf-8")
        )
        lines = [x for x in text.splitlines() if x.strip() and not x.startswith("#")]
        rows: dict[str, tuple[str, str]] = {}
        for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
            codes = (row["intent"], row["refusal"])
            if row["action"] not in valid_codes or any(
                c != NO_EVENT and c not in valid_codes for c in codes
            ):
                raise PatternError(f"intent.tsv row {n}: unknown CAMEO code in {row}")
            rows[row["action"]] = codes
        return cls(rows)

    def _lookup(self, code: str, column: int) -> str | None:
        for n in range(len(code), 1, -1):
            row = self.rows.get(code[:n])
            if row is not None:
                return None if row[column] == NO_EVENT else row[column]
        return None

    def intent(self, code: str) -> str | None:
        return self._lookup(code, 0)

    def refusal(self, code: str) -> str | None:
        return self._lookup(code, 1)


def _absorber(
    parsed: ParsedDoc, f: Found, coded_verbs: set[int], codes: dict[int, str]
) -> int | None:
    """The coded verb, or event noun, a noun trigger hangs under (within a few links):
    "rejected the [talks]", "protest over the [refusal]"."""
    if f.pattern.pos != "noun":
        return None
    i = f.trigger
    context = False
    for _ in range(4):
        tok = parsed.tokens[i]
        if tok.head == i:
            return None
        context = context or (
            tok.dep == "pobj" and parsed.tokens[tok.head].text.lower() in CONTEXT_PREPS
        )
        i = tok.head
        if i in coded_verbs:
            # "did not reach a deal during [talks]": talks are their own event, unless of
            # the same kind ("discussed Ukraine at a [meeting]").
            return i if not context or codes.get(i, "")[:2] == f.code[:2] else None
        if parsed.tokens[i].pos in ("VERB", "AUX"):
            return None
    return None


def _absorb(parsed: ParsedDoc, found: list[Found]) -> list[Found]:
    """Drop noun events that are a coded verb's content, handing the verb their actors
    where it lacks them ("reiterated Washington's concerns over [Beijing]")."""
    by_trigger = {f.trigger: f for f in found}
    coded = {f.trigger for f in found if f.code[:2] != "01"}
    kept: list[Found] = []
    for f in found:
        verb = _absorber(parsed, f, coded, {g.trigger: g.code for g in found})
        if verb is None:
            kept.append(f)
            continue
        g = by_trigger[verb]
        if g.pattern.pos == "noun":
            continue
        if (
            f.pattern.curated
            and not g.pattern.curated
            and parsed.tokens[verb].lemma.lower() in LIGHT_VERBS
        ):
            # "launched a [mediation effort]": an imported guess at what a light verb's
            # object means yields to what the curated noun pattern says it is
            g.code = f.code
        topical = g.pattern.target is not None  # "reviewed an agreement between X": a topic
        if not g.sources:
            g.sources = list(f.sources)
        own = {a.country for m in g.sources for a in m.actors}
        doers = [m for m in f.sources if not {a.country for a in m.actors} <= own]
        if (
            g.code[:2] == "05"
            and f.code[:2] in FORCE_ROOTS
            and g.targets
            and all(m in f.targets or m.head in parsed.subtree(f.trigger) for m in g.targets)
        ):
            # "MPs backed the invasion of [Iraq]": support for a deed is not for its victim
            g.targets, g.weak = doers, False
        if g.code[:2] in RESPONSE_ROOTS and doers:
            # "rejected a UN appeal", "condemned an attack by X": whose the deed is
            if not g.targets or g.weak:
                g.targets, g.weak = doers, False
            if all(m in doers for m in g.targets):
                if g.code.startswith("111"):
                    kept.append(f)  # the condemned deed happened: "condemned the attack by X"
                continue
        if (
            f.targets
            and not topical
            and (not g.targets or g.weak or all(m in f.sources for m in g.targets))
        ):
            g.targets = [m for m in f.targets if m not in g.sources] or g.targets
            g.weak = f.weak
    return kept


def _negated_here(parsed: ParsedDoc, i: int) -> bool:
    return any(parsed.tokens[c].dep == "neg" for c in parsed.children(i))


def _chain(
    parsed: ParsedDoc, found: list[Found], by_trigger: dict[int, Found], intents: IntentTable
) -> None:
    """Intent, threat and refusal verbs take code and target from their complement."""
    for f in found:
        comp = by_trigger.get(f.complement) if f.complement is not None else None
        if comp is None:
            continue
        root = f.code[:2]
        code = None
        if root == "03" and _negated_here(parsed, comp.trigger):
            code = intents.refusal(comp.code)  # "vowed not to return the Golan Heights"
        elif root in ("03", "13"):
            code = intents.intent(comp.code)
        elif root == "12":
            code = intents.refusal(comp.code)
        if root == "03" and comp.code[:2] in PLEDGED_AS_IS:
            code = comp.code  # "pledged to oppose the bill" is a rejection, not an agreement
        elif root in ("02", "10") and comp.code[:2] == "17" and _lemma_of(parsed, f) in ORDERS:
            code = comp.code  # "ordered the newspaper to suspend publication": coercion
        if code and (root in ("03", "12") or code[:2] in (root, "17")):
            f.code = code
            f.notes.append("chained")
        if not f.targets or (f.weak and comp.targets and not comp.weak):
            # "agreed to lift embargoes on Iran, Libya and Cuba": the complement's own
            # targets beat a stray actor of the clause
            f.targets = [m for m in comp.targets if m not in f.sources] or f.targets
            f.weak = comp.weak
        if not comp.sources:
            comp.sources = list(f.sources)


def _speech_demands(parsed: ParsedDoc, sent: Sentence, idx: MentionIndex) -> Iterator[Found]:
    """ "X said Y must ..." in a main clause -> X demands of Y; "X said Y should have
    acted sooner" -> X criticises Y (what Y should have done is past: a reproach)."""
    for tok in parsed.tokens[sent.start : sent.end]:
        if tok.dep != "ROOT" or tok.lemma.lower() not in SPEECH_VERBS:
            continue
        for c in parsed.children(tok.i):
            if parsed.tokens[c].dep != "ccomp":
                continue
            aux = {
                parsed.tokens[a].text.lower()
                for a in parsed.children(c)
                if parsed.tokens[a].dep == "aux"
            }
            if not aux & OBLIGATION_AUX and not _obliged(parsed, c):
                continue
            perfect = "have" in aux and parsed.tokens[c].tag == "VBN"
            if perfect and "must" in aux:
                continue  # "must have known": an inference about the past, no demand
            reproach = perfect
            code = CRITICISM if reproach else "100"
            origin = "derived:speech-reproach" if reproach else "derived:speech-demand"
            pattern = Pattern(code, tok.lemma.lower(), "verb", (), origin=origin)
            sources, _, _ = verb_roles(parsed, idx, tok.i, pattern)
            subj = first_child(parsed, c, frozenset({"nsubj", "nsubjpass"}))
            targets = (
                [m for m in idx.actors_of(subj) if m not in sources] if subj is not None else []
            )
            if reproach and not targets:
                continue  # "we should have seen it coming": no one reproached
            yield Found(tok.i, pattern, code, sources, targets, derived_from=tok.i)


def _lemma_of(parsed: ParsedDoc, f: Found) -> str:
    return parsed.tokens[f.trigger].lemma.lower()


def _obliged(parsed: ParsedDoc, v: int) -> bool:
    """ "Y needed to change policy", "Y has to go": an obligation verb with a "to" clause."""
    if parsed.tokens[v].lemma.lower() not in OBLIGATION_VERBS:
        return False
    return any(
        parsed.tokens[c].dep == "xcomp"
        and any(parsed.tokens[k].tag == "TO" for k in parsed.children(c))
        for c in parsed.children(v)
    )


BACKGROUND_MARKS = frozenset(
    {"after", "as", "when", "while", "since", "because", "before", "until"}
)


def _secondary(parsed: ParsedDoc, f: Found, coded_verbs: set[int]) -> bool:
    """Background to another event of the sentence, not coded apart: a participle adjunct
    ("shelled the town, [killing] 20"; "aircraft [using] missiles killed ..."), a clause
    of time or cause ("... after their vehicles were [hit]"), or a relative clause about
    a participant ("the faction that [controls] Afghanistan")."""
    i = f.trigger
    for _ in range(8):
        tok = parsed.tokens[i]
        if tok.head == i:
            return False
        head = tok.head
        if tok.dep == "relcl" and _relative_subject(parsed, i):
            return True
        if tok.dep in ("advcl", "acl") and tok.tag == "VBG":
            gov = parsed.tokens[head].head if tok.dep == "acl" else head
            return gov in coded_verbs or _carries_event(parsed, gov, coded_verbs)
        if tok.dep == "advcl" and any(
            parsed.tokens[c].dep == "mark" and parsed.tokens[c].text.lower() in BACKGROUND_MARKS
            for c in parsed.children(i)
        ):
            return head in coded_verbs
        i = head
    return False


RELATIVE_WORDS = frozenset({"that", "which", "who", "whom", "whose", "where"})


def _carries_event(parsed: ParsedDoc, verb: int, coded: set[int]) -> bool:
    """A light verb whose object is a coded event noun ("launched an [attack]")."""
    return any(
        parsed.tokens[c].dep in ("dobj", "obj") and c in coded for c in parsed.children(verb)
    )


def _relative_subject(parsed: ParsedDoc, v: int) -> bool:
    """Whether a relative clause describes its noun through a relative word: "who
    attacked", "in which 20 were killed" (not "an area China suspended talks on")."""
    for c in parsed.children(v):
        t = parsed.tokens[c]
        if t.dep in ("nsubj", "nsubjpass", "advmod") and (
            t.tag in ("WDT", "WP", "WRB") or t.text.lower() in RELATIVE_WORDS
        ):
            return True
        if t.dep == "prep" and any(
            parsed.tokens[o].text.lower() in RELATIVE_WORDS for o in parsed.children(c)
        ):
            return True
    return False


def derive_events(
    parsed: ParsedDoc,
    sent: Sentence,
    found: list[Found],
    idx: MentionIndex,
    intents: IntentTable,
    lexicon: EvaluationLexicon | None = None,
) -> Iterator[tuple[Found, Modality]]:
    """Event mentions of a sentence with their modality, derived events included
    (criticism and praise in reported speech when ``lexicon`` is given)."""
    coded = {f.trigger for f in found if f.code[:2] != "01"}
    kept = [f for f in _absorb(parsed, found) if not _secondary(parsed, f, coded)]
    by_trigger = {f.trigger: f for f in kept}
    _chain(parsed, kept, by_trigger, intents)
    # "plans to sue", "decided to attend": a mere marker of intent is no event unless its
    # complement gave it an intent code.
    kept = [f for f in kept if not f.pattern.marker or "chained" in f.notes]
    governed = {f.complement for f in kept if f.complement is not None and f.code[:2] != "01"}
    coded = {f.trigger for f in kept if f.code[:2] != "01"}
    for f in kept:
        mod = modality_of(parsed, f.trigger, sent.start, sent.end)
        yield f, mod
        if f.trigger in governed or f.code[:2] in ("01", "12", "13"):
            continue
        own = _own_intent(parsed, f, mod, coded)
        if f.code[:2] == "03":
            code = intents.refusal(f.code) if mod.negated and own else None  # "will not accept"
        elif mod.modality == "future" and own and not mod.negated:
            code = intents.intent(f.code)
            if code and _has_mark(parsed, f.trigger, "unless"):
                code = ULTIMATUM  # "will withdraw unless ..."
            elif code and f.code[:2] == "04" and mod.governor is None and mod.speaker is None:
                # "unions will hold talks next week" is the writer's note of a meeting
                # planned, no event (ANNOTATION.md); a commitment to act ("the UN will
                # provide aid", "Iraq said it would allow ...") is an intent, as is a threat
                code = None
        elif mod.modality == "future" and own and f.code[:2] in ("04", "05", "06", "07", "08"):
            code = intents.refusal(f.code)  # "will not allow", "would not meet"
        else:
            code = None
        if code:
            derived = replace(f, code=code, derived_from=f.trigger, notes=["intent"])
            yield derived, Modality(False, "asserted", mod.speaker)
    demands = list(_speech_demands(parsed, sent, idx))
    for demand in demands:
        yield demand, modality_of(parsed, demand.trigger, sent.start, sent.end)
    if lexicon is not None:
        taken = {f.trigger for f in found if f.code[:2] != "01"} | {d.trigger for d in demands}
        for said in stance_events(parsed, sent, idx, lexicon, taken):
            yield said, modality_of(parsed, said.trigger, sent.start, sent.end)


MAIN_CLAUSE_LINKS = frozenset({"xcomp", "conj", "acomp", "ROOT"})


def _own_intent(parsed: ParsedDoc, f: Found, mod: Modality, coded: set[int]) -> bool:
    if is_passive(parsed, f.trigger):
        return False  # "Muslims would be targeted": no one announces an intent
    """Whether a future action is its source's announced intent: set by an auxiliary or
    an uncoded governor ("will", "ready to"), in a main or reported clause, not in a
    relative clause about something else ("a resolution that aims to ...")."""
    if mod.governor is not None and (
        mod.governor in coded or parsed.tokens[mod.governor].lemma.lower() not in INTENT_GOVERNORS
    ):
        return False
    i = f.trigger
    for _ in range(8):
        tok = parsed.tokens[i]
        if tok.dep == "ROOT" or tok.head == i:
            return True
        if tok.dep in ("ccomp", "parataxis"):
            return parsed.tokens[tok.head].lemma.lower() in SPEECH_VERBS
        if tok.dep not in MAIN_CLAUSE_LINKS:
            return False
        i = tok.head
    return False


def _has_mark(parsed: ParsedDoc, v: int, word: str) -> bool:
    """Whether a clause under ``v`` opens with ``word`` ("unless", "if")."""
    for c in parsed.children(v):
        if parsed.tokens[c].dep == "advcl":
            if any(parsed.tokens[m].text.lower() == word for m in parsed.children(c)):
                return True
    return False
