"""Did it happen? Negation, modality and attribution of an event trigger.

We walk from the trigger up its chain of governors within the sentence and read what
each link says: "did not" / "avoided" / "failed to" / "had yet to" negate; "will",
"plans to", "ready to" make it future; "threatened to", "warned it could" a threat;
"if"/"unless" a condition; "urged X to", "must", "accused X of" leave it hypothetical;
a speech verb ("said", "told", "according to") names who reports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..parsed import ParsedDoc

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would"})  # "said it would": reported future
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "must", "can", "ca"})
NEGATORS = frozenset({"not", "n't", "never", "no"})
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "neither", "no-one"})
# Governors (through xcomp, or a gerund object: "avoided discussing") that say the
# complement did not happen.
NEGATING_GOVERNORS = frozenset({
    "fail", "avoid", "refuse", "decline", "neglect", "yet", "refrain", "stop", "cease",
    "abandon", "reject", "deny", "forgo", "halt", "prevent", "block", "thwart", "foil",
    "reluctant", "unwilling", "hesitant", "loath", "loth", "unable",
})  # fmt: skip
FUTURE_GOVERNORS = frozenset({
    "plan", "intend", "prepare", "ready", "willing", "expect", "want", "seek", "aim",
    "hope", "decide", "agree", "offer", "promise", "pledge", "vow", "commit", "propose",
    "try", "attempt", "wish", "able", "eager", "determined", "likely", "set", "poised",
    "consider", "mull", "schedule", "scheduled", "due", "going", "swear", "resolve",
    "prepared", "committed",
})  # fmt: skip
# Of those, the words that voice the subject's own will (not a forecast: "expected to"):
# only these make an announced action an intent event.
INTENT_GOVERNORS = frozenset({
    "plan", "intend", "prepare", "prepared", "ready", "willing", "want", "seek", "aim",
    "decide", "agree", "offer", "promise", "pledge", "vow", "commit", "committed",
    "determined", "eager", "resolve", "swear", "propose", "try", "attempt", "wish",
})  # fmt: skip
THREAT_GOVERNORS = frozenset({"threaten", "warn"})
REQUEST_GOVERNORS = frozenset({
    "urge", "ask", "call", "demand", "press", "appeal", "invite", "order", "force",
    "pressure", "encourage", "request", "push", "want", "insist", "compel", "persuade",
    "propose", "suggest", "recommend",
})  # fmt: skip
# People who gather "to protest" are protesting: the purpose is the act itself.
ASSEMBLY_VERBS = frozenset({
    "gather", "converge", "assemble", "rally", "march", "come", "take", "flock", "pour",
    "turn", "throng", "mass", "join", "stage", "hold", "go",
})  # fmt: skip
# "accused X of attacking", "charges of spying": the complement is an allegation.
ALLEGING_GOVERNORS = frozenset({
    "accuse", "charge", "suspect", "blame", "allege", "deny", "accusation", "allegation",
    "suspicion", "claim", "indict", "convict", "arrest", "jail", "detain",
})  # fmt: skip
SPEECH_VERBS = frozenset({
    "say", "tell", "announce", "report", "claim", "state", "add", "note", "confirm",
    "declare", "quote", "reveal", "disclose", "insist", "explain", "write", "reiterate",
    "assert", "allege", "acknowledge", "indicate", "testify", "conclude", "highlight",
})  # fmt: skip
# Adjectives that make "it is ... that" a guess.
HEDGES = frozenset({
    "likely", "unlikely", "possible", "probable", "conceivable", "doubtful", "uncertain",
    "unclear", "plausible",
})  # fmt: skip
# Nouns of reporting whose "that" clause tells what happened, when it is in the past.
REPORT_NOUNS = frozenset({
    "announcement", "statement", "report", "news", "confirmation", "admission",
    "revelation", "disclosure", "word", "declaration", "acknowledgement", "acknowledgment",
})  # fmt: skip
PROTEST_WORDS = frozenset({"protest", "demonstrate", "denounce", "condemn", "rally"})
CONDITION_MARKS = frozenset({"if", "unless", "should", "provided", "once"})
CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "advcl", "conj", "pcomp", "acomp", "pobj",
                          "prep", "dobj", "relcl", "parataxis", "acl", "advmod", "npadvmod",
                          "oprd", "attr", "nsubj", "nsubjpass"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Modality:
    negated: bool
    modality: str  # one of model.MODALITIES
    speaker: int | None  # head token of who reports it ("officials said"), if anyone
    via_aux: bool = False  # future/hypothetical from an auxiliary of the trigger's clause
    governor: int | None = None  # the word whose meaning set the modality ("plans", "ready")


def _lemma(parsed: ParsedDoc, i: int) -> str:
    return parsed.tokens[i].lemma.lower()


def _negative_subject(parsed: ParsedDoc, v: int) -> bool:
    """ "Neither X nor Y [boycotted]", "no country [condemned]", "none [attended]": the
    subject says the deed was not done."""
    for c in parsed.children(v):
        if parsed.tokens[c].dep not in ("nsubj", "nsubjpass"):
            continue
        if parsed.tokens[c].text.lower() in NEGATIVE_SUBJECTS:
            return True
        for d in parsed.children(c):
            t = parsed.tokens[d]
            if t.dep in ("det", "preconj") and t.text.lower() in ("neither", "no"):
                return True
    return False


def _own_markers(parsed: ParsedDoc, v: int) -> tuple[bool, str | None, bool]:
    """(negated, modality from auxiliaries or a condition mark, via an auxiliary)."""
    negated, modality = _negative_subject(parsed, v), None
    for c in parsed.children(v):
        t = parsed.tokens[c]
        word = t.text.lower()
        if t.dep == "neg" or (t.dep == "advmod" and word in ("never",)):
            negated = True
        elif t.dep == "aux" and word in FUTURE_AUX:
            modality = modality or "future"
        elif t.dep == "aux" and word in HYPOTHETICAL_AUX:
            modality = modality or "hypothetical"
        elif t.dep == "mark" and word in CONDITION_MARKS:
            return negated, "conditional", False
    tok = parsed.tokens[v]
    if modality is None and _subjunctive(parsed, v):
        # "demanded that Israel [ease] restrictions", "pushed for the US [support] it":
        # a base-form verb with its own subject is what someone wants, not what happened
        return negated, "hypothetical", False
    if modality is None and tok.dep == "acl" and parsed.tokens[tok.head].pos == "NOUN":
        if any(
            parsed.tokens[c].dep == "mark" and parsed.tokens[c].text.lower() == "that"
            for c in parsed.children(v)
        ) and not _reported_past(parsed, v):
            # The content of a claim or demand: "its demand that Israel ease ..."
            return negated, "hypothetical", False
    if (
        modality is None
        and tok.dep in ("advcl", "acl", "relcl")
        and any(parsed.tokens[c].tag == "TO" for c in parsed.children(v))
        and not (tok.lemma.lower() in PROTEST_WORDS and _lemma(parsed, tok.head) in ASSEMBLY_VERBS)
    ):
        # A purpose ("staged rallies to demand ...") or plan ("a deal to increase trade")
        # says what was meant, not what happened.
        return negated, "hypothetical", False
    return negated, modality, modality is not None


def _hedged(parsed: ParsedDoc, v: int) -> bool:
    """ "it is likely / possible / unclear that ...": the clause is a guess, not a report."""
    return any(
        parsed.tokens[c].dep == "acomp" and parsed.tokens[c].lemma.lower() in HEDGES
        for c in parsed.children(v)
    )


def _reported_past(parsed: ParsedDoc, v: int) -> bool:
    """ "the announcement that they had reached a deal": what a report says happened (a
    past clause on a noun of reporting) is reported, not wished for."""
    noun = parsed.tokens[parsed.tokens[v].head]
    if noun.lemma.lower() not in REPORT_NOUNS or parsed.tokens[v].tag not in ("VBD", "VBN"):
        return False
    # "demanded an admission by Moscow that its forces murdered ...": a report wanted
    return _lemma(parsed, noun.head) not in REQUEST_GOVERNORS | {"seek", "need"}


def _subjunctive(parsed: ParsedDoc, v: int) -> bool:
    """A bare base-form verb ("VB", no auxiliary, no "to") with a subject of its own."""
    tok = parsed.tokens[v]
    if tok.tag != "VB" or tok.dep not in ("ccomp", "advcl", "acl", "pcomp", "conj"):
        return False
    kids = [parsed.tokens[c] for c in parsed.children(v)]
    has_subject = any(k.dep in ("nsubj", "nsubjpass") for k in kids)
    return has_subject and not any(k.dep in ("aux", "auxpass") for k in kids)


def _subject_child(parsed: ParsedDoc, v: int) -> int | None:
    for c in parsed.children(v):
        if parsed.tokens[c].dep in ("nsubj", "nsubjpass"):
            return c
    return None


def _according_to(parsed: ParsedDoc, root: int) -> int | None:
    for c in parsed.children(root):
        if parsed.tokens[c].lemma.lower() == "accord":
            for p in parsed.children(c):
                obj = next((o for o in parsed.children(p) if parsed.tokens[o].dep == "pobj"), None)
                if obj is not None:
                    return obj
    return None


# Which links from a complement to its governor let the governor's meaning apply.
_NEGATING_LINKS = frozenset({"xcomp", "pcomp", "dobj", "pobj", "acomp", "prep", "oprd", "acl"})
_THREAT_LINKS = _NEGATING_LINKS | {"ccomp"}
_REQUEST_LINKS = frozenset({"xcomp", "pcomp", "pobj", "prep", "ccomp", "acl"})
_ALLEGING_LINKS = frozenset({"pcomp", "pobj", "prep", "ccomp"})
_FUTURE_LINKS = frozenset({"xcomp", "acomp", "prep", "pcomp"})


def _governor_says(governor: str, link: str) -> str | None:
    """What a governing word says of its complement: "negated", "threat",
    "hypothetical", "future", or None ("refused to [go]", "threatened to [cut]")."""
    if governor in NEGATING_GOVERNORS and link in _NEGATING_LINKS:
        return "negated"
    if governor in THREAT_GOVERNORS and link in _THREAT_LINKS:
        return "threat"
    if governor in REQUEST_GOVERNORS and link in _REQUEST_LINKS:
        return "hypothetical"
    if governor in ALLEGING_GOVERNORS and link in _ALLEGING_LINKS:
        if link == "ccomp" and governor in SPEECH_VERBS:
            # "the book claims Prescott hosted a dinner": what a source says happened
            # is reported (ANNOTATION.md), unlike "accused X of [attacking]"
            return None
        return "hypothetical"
    if governor in FUTURE_GOVERNORS and link in _FUTURE_LINKS:
        return "future"
    return None


# How a noun trigger hangs on the verb whose auxiliaries and negation are its own.
NOUN_EVENT_LINKS = frozenset({"dobj", "obj", "nsubj", "nsubjpass"})
# Adverbs that make a clause a generic statement about how things go, not a report of
# something that happened: "governments often ignore such rulings".
GENERIC_ADVERBS = frozenset({"often", "usually", "generally", "typically", "sometimes", "normally"})


def _questioned(parsed: ParsedDoc, trigger: int, sent_start: int, sent_end: int) -> bool:
    """Whether the trigger sits in a clause closed by a question mark ("What was the
    Swedish investigation about?"): a question asks, it reports nothing."""
    for q in range(sent_start, sent_end):
        if parsed.tokens[q].text != "?":
            continue
        clause = parsed.tokens[q].head
        if trigger in parsed.subtree(clause):
            return True
    return False


def modality_of(parsed: ParsedDoc, trigger: int, sent_start: int, sent_end: int) -> Modality:
    """How the sentence presents the event at ``trigger``."""
    mod = _modality_of(parsed, trigger, sent_start, sent_end)
    if mod.modality in ("asserted", "reported") and (
        _questioned(parsed, trigger, sent_start, sent_end)
        or any(
            parsed.tokens[c].dep == "advmod" and parsed.tokens[c].text.lower() in GENERIC_ADVERBS
            for c in parsed.children(trigger)
        )
    ):
        return Modality(mod.negated, "hypothetical", mod.speaker, mod.via_aux, mod.governor)
    return mod


def _modality_of(parsed: ParsedDoc, trigger: int, sent_start: int, sent_end: int) -> Modality:
    negated, modality, via_aux = _own_markers(parsed, trigger)
    governor: int | None = None
    speaker: int | None = None
    v = trigger
    for _ in range(8):
        tok = parsed.tokens[v]
        head = tok.head
        if head == v or not (sent_start <= head < sent_end) or tok.dep not in CLAUSE_LINKS:
            break
        g = _lemma(parsed, head)
        said = _governor_says(g, tok.dep)
        if said == "negated":
            negated = True
        elif said is not None and modality is None:
            modality, governor = said, (head if said == "future" else None)
        if modality is None and tok.dep == "ccomp" and _hedged(parsed, head):
            modality = "hypothetical"  # "it is likely that more [stand] by the cause"
        if tok.dep == "xcomp" and any(
            parsed.tokens[c].text.lower() == "yet" for c in parsed.children(head)
        ):
            negated = True  # "had yet to issue a statement"
        if tok.dep in ("ccomp", "parataxis") and g in SPEECH_VERBS and speaker is None:
            speaker = _subject_child(parsed, head)
        if tok.dep == "xcomp" and _own_markers(parsed, head)[0]:
            negated = True  # "was not expected to [meet]", "did not agree to [send]"
        if tok.dep == "xcomp" and modality == "future" and (
            _own_markers(parsed, head)[1] == "hypothetical"
        ):
            modality = "hypothetical"  # "might try to [target]": a possibility, no plan
        if v == trigger and tok.dep in NOUN_EVENT_LINKS and tok.pos in ("NOUN", "PROPN"):
            # an event named by the object or subject of its verb: "will begin an
            # [operation]", "did not hold [talks]", "U.S. [aid] might be freed": the
            # verb's own markers are the event's
            g_neg, g_mod, _ = _own_markers(parsed, head)
            negated = negated or g_neg
            modality = modality or g_mod
        if modality is None and (
            tok.dep in ("xcomp", "advcl", "conj") or (tok.dep == "ccomp" and g not in SPEECH_VERBS)
        ):
            # The governing clause's auxiliaries carry down: "will meet and sign".
            g_mod = _own_markers(parsed, head)[1]
            if g_mod is not None and (g_mod != "conditional" or tok.dep != "advcl"):
                modality = g_mod
        v = head
    if speaker is None:
        speaker = _according_to(parsed, v)
    return Modality(negated, modality or "asserted", speaker, via_aux, governor)
