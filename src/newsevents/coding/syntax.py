"""Reading the dependency parse: who is the subject, the object, the controller of a clause.

These helpers only walk ``ParsedDoc`` records; they know nothing of event codes.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..countries import CountryIndex
from ..model import Actor
from ..parsed import ActorMention, ParsedDoc

SUBJ_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJ_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
# Clauses that share their governor's subject when they have none of their own.
SUBJECT_SHARING = frozenset({"xcomp", "conj", "advcl", "acomp", "pcomp", "ccomp"})
# Verbs whose object, not subject, controls the infinitive: "urged X to ...".
OBJECT_CONTROL = frozenset({
    "urge", "ask", "call", "order", "force", "persuade", "pressure", "press", "invite",
    "tell", "encourage", "allow", "permit", "request", "compel", "demand", "push", "help",
})  # fmt: skip
RELATIVE_WORDS = frozenset({"who", "which", "that", "whom"})
# Prepositions that introduce places or times, never a target ("in Laos", "at the UN").
PLACE_PREPS = frozenset({
    "in", "at", "near", "inside", "outside", "throughout", "around", "within", "across",
    "during", "since", "after", "before", "until", "amid", "despite", "under", "beyond",
    "along", "via",
})  # fmt: skip
# Modifier links through which a noun phrase names its actor ("Serbia's suppression",
# "members of the opposition", "Israeli soldiers").
ACTOR_LINKS = frozenset({"poss", "compound", "amod", "nmod", "appos"})
# "members of the opposition", "doctors from American aid groups", "rebels in the Ivory
# Coast": phrases that say whose a group of people is.
ACTOR_PREPS = frozenset({"of", "from", "in"})
# ... and, for who an event is done to, "for": "a camp for Congolese refugees was attacked".
TARGET_ACTOR_PREPS = ACTOR_PREPS | {"for"}


def children_with(parsed: ParsedDoc, i: int, deps: frozenset[str]) -> Iterator[int]:
    return (c for c in parsed.children(i) if parsed.tokens[c].dep in deps)


def first_child(parsed: ParsedDoc, i: int, deps: frozenset[str]) -> int | None:
    return next(children_with(parsed, i, deps), None)


def conjuncts(parsed: ParsedDoc, i: int) -> list[int]:
    """``i`` and the words coordinated with it: "Blinken and Wang" -> [Blinken, Wang]."""
    out, stack = [], [i]
    while stack:
        j = stack.pop()
        out.append(j)
        stack.extend(c for c in parsed.children(j) if parsed.tokens[c].dep == "conj")
    return sorted(out)


def is_passive(parsed: ParsedDoc, v: int) -> bool:
    return any(
        parsed.tokens[c].dep in PASS_SUBJ_DEPS or parsed.tokens[c].dep == "auxpass"
        for c in parsed.children(v)
    )


def agent_of(parsed: ParsedDoc, v: int) -> int | None:
    """The "by" phrase's object of a passive verb."""
    for c in parsed.children(v):
        t = parsed.tokens[c]
        if t.dep == "agent" or (t.dep == "prep" and t.text.lower() == "by"):
            obj = first_child(parsed, c, frozenset({"pobj"}))
            if obj is not None:
                return obj
    return None


def _resolve_relative(parsed: ParsedDoc, v: int, subj: int) -> int:
    """ "the man who attacked" -> the man; other subjects stay."""
    t = parsed.tokens[subj]
    if t.text.lower() in RELATIVE_WORDS and parsed.tokens[v].dep == "relcl":
        return parsed.tokens[v].head
    return subj


def _controller(parsed: ParsedDoc, v: int) -> int | None:
    """The object that controls an infinitive: "urged [X] to leave", "called on [X] to"."""
    gov = parsed.tokens[v].head
    if parsed.tokens[gov].lemma.lower() not in OBJECT_CONTROL:
        return None
    obj = first_child(parsed, gov, OBJ_DEPS)
    if obj is not None and obj < v:
        return obj
    for p in children_with(parsed, gov, frozenset({"prep"})):
        if parsed.tokens[p].text.lower() in ("on", "upon"):
            return first_child(parsed, p, frozenset({"pobj"}))
    return None


def clause_subject(parsed: ParsedDoc, v: int) -> tuple[int | None, bool]:
    """The subject acting in clause ``v`` and whether it is a passive subject.

    Walks up control and coordination chains ("agreed to send", "met and discussed"),
    relative clauses ("the army, which shelled") and participles ("..., killing 20").
    """
    own = v
    seen = 0
    while seen < 6:
        seen += 1
        tok = parsed.tokens[v]
        subj = first_child(parsed, v, SUBJ_DEPS)
        if subj is not None:
            # "Labour is to be [investigated]": a subject shared with a passive clause is
            # what the clause is done to.
            return _resolve_relative(parsed, v, subj), v != own and is_passive(parsed, own)
        psubj = first_child(parsed, v, PASS_SUBJ_DEPS)
        if psubj is not None:
            # "is prepared to", "is determined to": a state of the subject, not a passive;
            # "was indicted ... and will [resign]": the shared subject acts in [resign];
            # "was evicted and [sentenced]": a participle sharing a passive subject is passive.
            stative = (
                agent_of(parsed, v) is None
                and first_child(parsed, v, frozenset({"xcomp"})) is not None
            )
            if v != own:
                own_tok = parsed.tokens[own]
                # ("sentenced" is often tagged VBD: one with no object of its own is passive)
                shared = (
                    own_tok.dep == "conj"
                    and own_tok.tag in ("VBN", "VBD")
                    and first_child(parsed, own, OBJ_DEPS) is None
                    and not stative
                )
                return _resolve_relative(parsed, v, psubj), shared or is_passive(parsed, own)
            passive = not stative and is_passive(parsed, own)
            return _resolve_relative(parsed, v, psubj), passive or not stative
        if tok.dep == "relcl" or (tok.dep == "acl" and tok.tag == "VBG"):
            return tok.head, False
        if tok.dep == "acl" and tok.tag == "VBN":
            return tok.head, True
        if tok.dep in SUBJECT_SHARING and tok.head != v:
            if tok.dep == "xcomp":
                ctrl = _controller(parsed, v)
                if ctrl is not None:
                    return ctrl, False
            head = parsed.tokens[tok.head]
            if tok.dep == "ccomp" and head.pos == "VERB" and head.lemma.lower() != "let":
                return None, False  # "Ethiopia let [free] 74 leaders": Ethiopia frees them
            v = tok.head
            continue
        return None, False
    return None, False


class MentionIndex:
    """Actor mentions by token, to find the actor an argument's head refers to."""

    def __init__(self, parsed: ParsedDoc, mentions: list[ActorMention]) -> None:
        self.parsed = parsed
        # Several mentions may share a token ("U.S.-China" names two countries).
        self._by_token: dict[int, list[ActorMention]] = {}
        for m in mentions:
            for k in {*range(m.start, m.end), m.head}:
                self._by_token.setdefault(k, []).append(m)

    def at(self, i: int) -> ActorMention | None:
        found = self._by_token.get(i)
        return found[0] if found else None

    def all_at(self, i: int) -> list[ActorMention]:
        return self._by_token.get(i, [])

    def actor_of(
        self, i: int, depth: int = 2, preps: frozenset[str] = ACTOR_PREPS
    ) -> ActorMention | None:
        """The mention naming token ``i``'s phrase: itself, else a possessor, nationality
        adjective, or "of"/"from" phrase ("members of the opposition")."""
        m = self.at(i)
        if m is not None or depth == 0:
            return m
        parsed = self.parsed
        for c in parsed.children(i):
            t = parsed.tokens[c]
            if t.dep in ACTOR_LINKS:
                found = self.actor_of(c, depth - 1, preps)
            elif t.dep == "prep" and t.text.lower() in preps:
                obj = first_child(parsed, c, frozenset({"pobj"}))
                found = self.actor_of(obj, depth - 1, preps) if obj is not None else None
            else:
                continue
            if found is not None:
                return found
        return None

    def phrase_actors(self, i: int, depth: int = 2) -> list[ActorMention]:
        """The mentions naming token ``i``'s phrase or, failing that, its nearest
        modifiers ("U.S.-China relations" -> U.S., China; "the withdrawal of Serbian
        forces" -> Serbian), with their conjuncts ("to Iran, Libya and Cuba")."""
        frontier = [i]
        for _ in range(depth + 1):
            out: list[ActorMention] = []
            nxt: list[int] = []
            for j in frontier:
                if self.at(j) is not None:
                    out.extend(x for x in self.actors_of(j) if x not in out)
                    continue
                for c in self.parsed.children(j):
                    t = self.parsed.tokens[c]
                    if t.dep in ACTOR_LINKS or t.dep == "conj":
                        nxt.append(c)
                    elif t.dep == "prep" and t.text.lower() == "of":
                        obj = first_child(self.parsed, c, frozenset({"pobj"}))
                        if obj is not None:
                            nxt.append(obj)
            if out:
                return out
            frontier = nxt
        return []

    def actors_of(self, i: int, preps: frozenset[str] = ACTOR_PREPS) -> list[ActorMention]:
        """Mentions for ``i`` and its conjuncts ("Bosnia and Slovenia"), in order, unique."""
        out: list[ActorMention] = []
        for j in conjuncts(self.parsed, i):
            here = self.all_at(j) or [m for m in [self.actor_of(j, 2, preps)] if m is not None]
            out.extend(m for m in here if m not in out)
        return out


def paired_country_mentions(
    parsed: ParsedDoc, mentions: list[ActorMention], countries: CountryIndex
) -> list[ActorMention]:
    """Mentions for both halves of a hyphenated country pair the resolver left whole:
    "U.S.-China relations", "India-Pakistan talks" (one token, two countries)."""
    covered = {k for m in mentions for k in range(m.start, m.end)}
    extra: list[ActorMention] = []
    for tok in parsed.tokens:
        if "-" not in tok.text or tok.i in covered or not tok.text[:1].isupper():
            continue
        parts = [p for p in tok.text.split("-") if p]
        codes = [countries.lookup(p) for p in parts]
        if len(parts) < 2 or any(c is None for c in codes) or len(set(codes)) < 2:
            continue
        for part, iso3 in zip(parts, codes, strict=True):
            actor = Actor(part, countries.name(iso3) if iso3 else None, iso3, iso3, None)
            extra.append(ActorMention(tok.i, tok.i + 1, tok.i, (actor,), "country"))
    return extra
