"""Event patterns as data: which words, with which objects and prepositions, code which event.

Pattern files live in ``data/coding/`` (format in its README.md). Each line reads::

    CODE  TRIGGER  [CONDITION ...]  [FLAG ...]  # comment

``verbs*.txt`` hold verb triggers, ``nouns*.txt`` noun triggers. Conditions constrain
the parse around the trigger: ``obj=a|b`` (direct object head), ``prt=off`` (particle),
``with=*`` or ``on=sanction|embargo`` (a preposition and the head of its object),
``verb=hold|launch`` (for nouns: the governing verb), ``mod=air|hunger`` (a modifier
word: "air raid", "hunger strike"). ``@NAME`` in a lemma list expands a
set defined by a ``@NAME = word word ...`` line. Flags: ``recip`` (both sides act on each
other), ``target=obj|<prep>|none`` (where the target comes from), ``own`` (curated lines
alone code this trigger; imported ones are dropped), ``marker`` (the word only marks an
intent: "plans to [impose]" codes through its complement, else nothing). Code ``---`` means "no
event" and lets a curated line silence an imported one.

Files load in a fixed order, later files winning ties, so hand-curated lines beat the
lines imported from the PETRARCH CAMEO verb dictionary. Every code is checked against
the CAMEO tables at load, and the patterns are indexed by trigger lemma, so matching a
token costs one dictionary read plus a check of the few patterns for that lemma.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from ..parsed import ParsedDoc, Token

PATTERN_DATA = "data/coding"
# Load order: later files win ties between equally specific patterns.
PATTERN_FILES: tuple[str, ...] = ("verbs_cameo.txt", "verbs.txt", "nouns.txt", "idioms.txt")
AMBIGUOUS_FILE = "ambiguous.txt"
NO_EVENT = "---"

# Dependency labels under which a preposition-like word hangs off its head.
PREP_DEPS = frozenset({"prep", "agent", "dative", "prt", "advmod", "mark"})
OBJ_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
MOD_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})


class PatternError(ValueError):
    """A pattern file line is malformed or names an unknown CAMEO code."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One constraint on the parse around a trigger."""

    kind: str  # "obj", "prt", "prep", "verb", "mod", "clause", "comp"
    word: str  # the preposition or particle ("" for obj and verb)
    lemmas: frozenset[str] | None  # allowed head lemmas; None means any
    # The object must be an actor: a person, group, organisation or place ("hit the
    # capital", not "hit the front"); written ``obj=:actor`` or ``at=:actor``.
    actor: bool = False

    @property
    def weight(self) -> int:
        return 2 if self.lemmas is not None or self.actor else 1


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    trigger: str
    pos: str  # "verb" or "noun"
    conditions: tuple[Condition, ...]
    recip: bool = False
    target: str | None = None  # "obj", a preposition, "none", or None for the default
    origin: str = ""  # "file:line"
    priority: int = 0  # index of the file in PATTERN_FILES
    own: bool = False  # curated lines alone code this trigger
    marker: bool = False  # codes only through a coded complement ("plans to [impose]")

    @property
    def specificity(self) -> int:
        return sum(c.weight for c in self.conditions)

    @property
    def curated(self) -> bool:
        return not self.origin.startswith("verbs_cameo")


def _word_of(tok: Token) -> tuple[str, str]:
    return tok.lemma.lower(), tok.text.lower()


def _lemma_in(tok: Token, lemmas: frozenset[str] | None) -> bool:
    if lemmas is None:
        return True
    lemma, text = _word_of(tok)
    return lemma in lemmas or text in lemmas


# Nouns that only measure or group their "of" phrase: "10 days of [war games]",
# "a mission of [observers]", "part of a [stronghold]".
CONTAINER_NOUNS = frozenset({
    "day", "week", "month", "hour", "series", "wave", "round", "number", "string", "spate",
    "lot", "kind", "type", "part", "mission", "group", "delegation", "batch", "package",
    "patch", "contingent", "unit", "dozen", "hundred", "hundreds", "thousand", "thousands",
    "tonne", "ton", "truckload", "shipment", "consignment", "worth", "raft", "set",
})  # fmt: skip
# Verbs of a state, not an act: what someone is wished to be, feel or have.
STATES = frozenset({
    "be", "feel", "have", "know", "understand", "belong", "become", "seem", "remain",
    "stay", "enjoy", "live", "grow", "learn", "like", "love", "think", "believe",
})  # fmt: skip
# Amounts, which hold what they count in an "in" or "of" phrase: "$2 million in [aid]".
AMOUNT_NOUNS = frozenset({
    "million", "billion", "trillion", "sum", "amount", "tranche", "dollar", "euro", "pound",
    "yen", "yuan", "rupee", "franc", "krone", "rouble", "ruble",
})  # fmt: skip


TIME_ENTITIES = frozenset({"DATE", "TIME"})
ACTOR = ":actor"  # lemma list of a condition that wants an actor, not a word
NONE = "none"  # obj=none: no direct object and no clausal complement
# clause=KIND: the trigger governs a clause of this kind.
CLAUSE_KINDS = frozenset({"to", "that", "if", "subjunctive", "none"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC", "NORP"})
# Personal pronouns name someone: "beat him", and as a passive subject "he was dragged out".
PERSON_PRONOUNS = frozenset({
    "him", "her", "them", "us", "me", "himself", "herself", "themselves", "he", "she", "they",
    "we",
})  # fmt: skip
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp"})
OBLIGATION = frozenset({"should", "must"})


def object_of(parsed: ParsedDoc, i: int) -> int | None:
    """The direct object of verb ``i`` (its passive subject when the verb is passive),
    looking through container nouns ("launched ten days of [exercises]")."""
    for c in parsed.children(i):
        if parsed.tokens[c].dep in OBJ_DEPS or parsed.tokens[c].dep in PASSIVE_SUBJ_DEPS:
            inner = contents_of(parsed, c)
            return c if inner is None else inner
    return None


def contents_of(parsed: ParsedDoc, i: int) -> int | None:
    """What a container or an amount holds: "ten days of [exercises]", "$2 million in
    [assistance]", "a sum of [money]"; None when ``i`` is neither."""
    tok = parsed.tokens[i]
    if tok.lemma.lower() in CONTAINER_NOUNS:
        words: tuple[str, ...] = ("of",)
    elif tok.pos == "NUM" or tok.lemma.lower() in AMOUNT_NOUNS:
        words = ("in", "of")
    else:
        return None
    for p in parsed.children(i):
        if parsed.tokens[p].dep == "prep" and parsed.tokens[p].text.lower() in words:
            inner = prep_object(parsed, p)
            if inner is not None:
                return inner
    return None


def prep_children(parsed: ParsedDoc, i: int, word: str) -> Iterator[int]:
    """Children of ``i`` that are the preposition or particle ``word``."""
    for c in parsed.children(i):
        t = parsed.tokens[c]
        if t.dep in PREP_DEPS and t.text.lower() == word:
            yield c


def prep_object(parsed: ParsedDoc, p: int) -> int | None:
    for c in parsed.children(p):
        if parsed.tokens[c].dep in ("pobj", "pcomp"):
            return c
    return None


def _prep_holds(
    parsed: ParsedDoc, heads: Iterable[int], cond: Condition, is_actor: ActorTest | None = None
) -> bool:
    for h in heads:
        for p in prep_children(parsed, h, cond.word):
            if cond.kind == "prt":
                return True
            obj = prep_object(parsed, p)
            if cond.actor:
                if obj is not None and names_actor(parsed, obj, is_actor):
                    return True
            elif cond.lemmas is None:
                # "on Wednesday", "for two hours" say when, not with or to whom: a time
                # phrase does not satisfy "call on=*" or "talks with=*".
                if obj is None or parsed.tokens[obj].ent_type not in TIME_ENTITIES:
                    return True
            elif obj is not None and _lemma_in(parsed.tokens[obj], cond.lemmas):
                return True
    return False


def verb_object(parsed: ParsedDoc, i: int) -> int | None:
    """The object that "obj" and preposition conditions look at (verbs only)."""
    return object_of(parsed, i) if parsed.tokens[i].pos in ("VERB", "AUX") else None


ActorTest = Callable[[int], bool]


def names_actor(parsed: ParsedDoc, i: int, is_actor: ActorTest | None) -> bool:
    """Whether token ``i`` heads an actor or a place: a coded actor mention, a named place
    or people, or a personal pronoun ("beat him")."""
    tok = parsed.tokens[i]
    if tok.ent_type in PLACE_ENTITIES or tok.text.lower() in PERSON_PRONOUNS:
        return True
    return is_actor is not None and is_actor(i)


def _complements(parsed: ParsedDoc, i: int) -> Iterator[int]:
    for c in parsed.children(i):
        if parsed.tokens[c].dep in COMPLEMENT_DEPS:
            yield c
        elif parsed.tokens[c].dep in OBJ_DEPS:  # "warned Brown not to ...": under the object
            yield from (g for g in parsed.children(c) if parsed.tokens[g].dep in COMPLEMENT_DEPS)


def _acts_on_actor(parsed: ParsedDoc, c: int, is_actor: ActorTest | None) -> bool:
    """Whether complement ``c`` has an object, or the object of a preposition, that
    names an actor or has one in it ("to democratize Serbia", "to work with Kyiv", "to
    improve Japan-China relations")."""
    objs = [o for o in (verb_object(parsed, c),) if o is not None]
    objs += [g for p in parsed.children(c) if parsed.tokens[p].dep == "prep"
             for g in parsed.children(p) if parsed.tokens[g].dep == "pobj"]  # fmt: skip
    return any(names_actor(parsed, t, is_actor) for o in objs for t in parsed.subtree(o))


def _clause_is(parsed: ParsedDoc, i: int, kind: str) -> bool:
    """Whether trigger ``i`` governs a clause of ``kind``: "to" ("asked X to leave"), "that"
    ("insisted that ..."), "subjunctive" ("suggested that Beijing [resume]", "... should
    resume"), "if" (a condition: "warned of action if China ...", also inside its
    complement), "none" (no complement at all)."""
    comps = list(_complements(parsed, i))
    if kind == "none":
        return not comps
    if kind == "if":
        for c in (i, *comps):
            for a in parsed.children(c):
                if parsed.tokens[a].dep == "advcl" and any(
                    parsed.tokens[m].text.lower() in ("if", "unless")
                    for m in parsed.children(a)
                ):
                    return True
        return False
    for c in comps:
        kids = [parsed.tokens[k] for k in parsed.children(c)]
        if kind == "to" and any(k.tag == "TO" for k in kids):
            return True
        if kind == "that" and parsed.tokens[c].dep == "ccomp":
            return True
        if kind == "subjunctive" and parsed.tokens[c].dep == "ccomp":
            aux = {k.text.lower() for k in kids if k.dep == "aux"}
            has_subject = any(k.dep in ("nsubj", "nsubjpass") for k in kids)
            bare = parsed.tokens[c].tag == "VB" and not aux and not any(k.tag == "TO" for k in kids)
            if has_subject and (bare or aux & OBLIGATION):
                return True
    return False


def condition_holds(
    parsed: ParsedDoc, i: int, cond: Condition, obj: int | None, is_actor: ActorTest | None = None
) -> bool:
    """Whether ``cond`` holds for trigger ``i``; ``obj`` is ``verb_object(parsed, i)``,
    computed once per trigger by the caller (it is the hot path of matching)."""
    tok = parsed.tokens[i]
    if cond.kind == "verb":
        return tok.head != i and _lemma_in(parsed.tokens[tok.head], cond.lemmas)
    if cond.kind == "mod":
        return any(
            parsed.tokens[c].dep in MOD_DEPS and _lemma_in(parsed.tokens[c], cond.lemmas)
            for c in parsed.children(i)
        )
    if cond.kind == "clause":
        return _clause_is(parsed, i, cond.word)
    if cond.kind == "comp":
        if cond.actor:  # "promised to democratize [Serbia]": the complement acts on someone
            return any(_acts_on_actor(parsed, c, is_actor) for c in _complements(parsed, i))
        return any(_lemma_in(parsed.tokens[c], cond.lemmas) for c in _complements(parsed, i))
    if cond.kind == "obj":
        if cond.word == NONE:
            return obj is None and not any(True for _ in _complements(parsed, i))
        if cond.actor:
            objs = _conjoined(parsed, obj) if obj is not None else raised_subjects(parsed, i)
            return any(names_actor(parsed, o, is_actor) for o in objs)
        return obj is not None and _lemma_in(parsed.tokens[obj], cond.lemmas)
    heads = [i] if obj is None else [i, obj]
    return _prep_holds(parsed, heads, cond, is_actor)


def raised_subjects(parsed: ParsedDoc, i: int) -> list[int]:
    """The subject of a to-clause that stands for the trigger's object: "wants [the UK]
    to extradite him" is parsed as a clause with its own subject, not as an object. A
    state is wished, not demanded: "wants young people to feel they belong"."""
    for c in _complements(parsed, i):
        if parsed.tokens[c].lemma.lower() in STATES:
            continue
        kids = parsed.children(c)
        if parsed.tokens[c].dep == "ccomp" and any(parsed.tokens[k].tag == "TO" for k in kids):
            return [k for k in kids if parsed.tokens[k].dep == "nsubj"]
    return []


def _conjoined(parsed: ParsedDoc, i: int) -> list[int]:
    return [i, *(c for c in parsed.children(i) if parsed.tokens[c].dep == "conj")]


class PatternBook:
    """All patterns, indexed by (part of speech, trigger lemma), best first.

    A verb in ``ambiguous`` (``data/coding/ambiguous.txt``: fire, shoot, strike, warn,
    suggest ...) never codes by its lemma alone: its patterns without a condition are
    dropped, so it needs the object, preposition or clause that gives it its political
    sense ("fired rockets at X", not "fired up the crowd")."""

    def __init__(self, patterns: Iterable[Pattern], ambiguous: frozenset[str] = frozenset()) -> None:
        index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        for p in patterns:
            if (
                p.pos == "verb"
                and p.trigger in ambiguous
                and not p.conditions
                and not p.marker
                and p.code != NO_EVENT
                and not p.code.startswith("01")  # statements are not events
            ):
                continue
            index[(p.pos, p.trigger)].append(p)
        for key, pats in index.items():
            # A curated "own" line takes the trigger over: imported lines for it go.
            if any(p.own for p in pats):
                index[key] = [p for p in pats if p.curated]
        self._index: dict[tuple[str, str], tuple[Pattern, ...]] = {
            k: tuple(sorted(v, key=lambda p: (-p.specificity, -p.priority)))
            for k, v in index.items()
        }

    @classmethod
    def load(cls, valid_codes: frozenset[str] | set[str]) -> PatternBook:
        patterns: list[Pattern] = []
        sets: dict[str, frozenset[str]] = {}  # sets defined in one file serve the later ones
        for priority, name in enumerate(PATTERN_FILES):
            text = (
                resources.files("newsevents").joinpath(f"{PATTERN_DATA}/{name}").read_text("utf-8")
            )
            patterns.extend(parse_patterns(text, name, valid_codes, priority, sets))
        return cls(patterns, load_word_list(AMBIGUOUS_FILE))

    def __iter__(self) -> Iterator[Pattern]:
        for pats in self._index.values():
            yield from pats

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def has_trigger(self, pos: str, lemma: str) -> bool:
        return (pos, lemma) in self._index

    def match(
        self, parsed: ParsedDoc, i: int, pos: str, is_actor: ActorTest | None = None
    ) -> Pattern | None:
        """The most specific pattern for token ``i`` as a ``pos`` trigger, or None.
        ``is_actor(j)``: whether token ``j`` heads an actor mention (for ``:actor``)."""
        lemma, text = _word_of(parsed.tokens[i])
        cands = self._index.get((pos, lemma)) or self._index.get((pos, text))
        if not cands:
            # The lemmatizer slips now and then ("staged" -> "stag"): try the plain
            # English inflections of the word itself.
            cands = next(
                (self._index[(pos, b)] for b in base_forms(text) if (pos, b) in self._index), ()
            )
        if not cands:
            return None
        obj = verb_object(parsed, i)
        for p in cands:
            if all(condition_holds(parsed, i, c, obj, is_actor) for c in p.conditions):
                return None if p.code == NO_EVENT else p
        return None


def load_word_list(name: str) -> frozenset[str]:
    """A data file of one lower-case word a line (``#`` comments)."""
    text = resources.files("newsevents").joinpath(f"{PATTERN_DATA}/{name}").read_text("utf-8")
    return frozenset(
        w.strip().lower() for w in (x.split("#", 1)[0] for x in text.splitlines()) if w.strip()
    )


def base_forms(word: str) -> list[str]:
    """Candidate base forms of an inflected English word, most likely first."""
    out: list[str] = []
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"),
                         ("ed", ""), ("es", ""), ("s", ""), ("d", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + repl
            out.append(stem)
            if not repl and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "stopped" -> "stop"
    return out


def _lemma_set(value: str, sets: dict[str, frozenset[str]], where: str) -> frozenset[str] | None:
    if value == "*":
        return None
    out: set[str] = set()
    for part in value.split("|"):
        if part.startswith("@"):
            if part[1:] not in sets:
                raise PatternError(f"{where}: unknown set {part}")
            out |= sets[part[1:]]
        elif part:
            out.add(part.lower())
    if not out:
        raise PatternError(f"{where}: empty lemma list")
    return frozenset(out)


def _parse_line(
    fields: list[str], pos: str, sets: dict[str, frozenset[str]], where: str, priority: int
) -> Pattern:
    code, trigger, *rest = fields
    conds: list[Condition] = []
    recip, target, own, marker = False, None, False, False
    for f in rest:
        if f == "recip":
            recip = True
        elif f == "own":
            own = True
        elif f == "marker":
            marker = True
        elif f.startswith("target="):
            target = f.split("=", 1)[1]
        elif "=" in f:
            key, value = f.split("=", 1)
            actor = value == ACTOR
            if key == "obj" and value == NONE:
                conds.append(Condition("obj", NONE, None))
            elif key == "clause":
                if value not in CLAUSE_KINDS:
                    raise PatternError(f"{where}: clause= takes one of {sorted(CLAUSE_KINDS)}")
                conds.append(Condition("clause", value, None))
            elif key == "comp":
                lemmas = None if actor else _lemma_set(value, sets, where)
                conds.append(Condition("comp", "", lemmas, actor))
            elif key in ("obj", "verb", "mod"):
                lemmas = None if actor else _lemma_set(value, sets, where)
                conds.append(Condition(key, "", lemmas, actor and key == "obj"))
            elif key == "prt":
                conds.append(Condition("prt", value.lower(), None))
            else:
                lemmas = None if actor else _lemma_set(value, sets, where)
                conds.append(Condition("prep", key.lower(), lemmas, actor))
        else:
            raise PatternError(f"{where}: cannot read {f!r}")
    return Pattern(
        code, trigger.lower(), pos, tuple(conds), recip, target, where, priority, own, marker
    )


def parse_patterns(
    text: str,
    name: str,
    valid_codes: frozenset[str] | set[str],
    priority: int = 0,
    sets: dict[str, frozenset[str]] | None = None,
) -> list[Pattern]:
    """Read one pattern file; raise PatternError on a bad line or an unknown code.

    ``sets`` collects the ``@NAME = ...`` definitions (and may hold earlier files' sets).
    """
    pos = "noun" if name.startswith("noun") else "verb"
    sets = {} if sets is None else sets
    out: list[Pattern] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        where = f"{name}:{n}"
        if not line:
            continue
        if line.startswith("@"):
            head, _, words = line.partition("=")
            if not words.strip():
                raise PatternError(f"{where}: empty set")
            sets[head[1:].strip()] = frozenset(w.lower() for w in words.split())
            continue
        fields = line.split()
        if len(fields) < 2:
            raise PatternError(f"{where}: need a code and a trigger")
        if fields[0] != NO_EVENT and fields[0] not in valid_codes:
            raise PatternError(f"{where}: unknown CAMEO code {fields[0]!r}")
        out.append(_parse_line(fields, pos, sets, where, priority))
    return out
