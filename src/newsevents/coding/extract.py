"""Who did what to whom: event triggers in a sentence and their source and target actors.

A trigger is a verb or noun matched by a pattern (``patterns.py``). Its source is the
acting subject (through passives, control chains, relative clauses and coordination, see
``syntax.py``); its target comes from the object, a "to/with/against/on" phrase, the
complement clause ("agreed to send aid to X") or, for nouns, their prepositions
("talks between X and Y", "an attack on X"). Actors are the resolver's mentions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..parsed import ActorMention, ParsedDoc, Sentence
from .nearby import (
    AIM_PREPS,
    TRAVEL_VERBS,
    VIOLENT_ROOTS,
    VISIT_CODES,
    clean,
    place_names_target,
    place_targets,
    prefer_others,
    resolved,
    subtree_targets,
    visit_or_deployment,
)
from .patterns import Pattern, PatternBook, object_of
from .syntax import (
    TARGET_ACTOR_PREPS,
    MentionIndex,
    agent_of,
    children_with,
    clause_subject,
    conjuncts,
    first_child,
)

# Prepositions that name a target, in order of preference.
TARGET_PREPS: tuple[str, ...] = (
    "with", "against", "on", "upon", "to", "toward", "towards", "into", "at", "over",
    "from", "for", "between", "among", "of", "by",
)  # fmt: skip
VERB_TARGET_PREPS = frozenset(TARGET_PREPS) - {"of", "by", "at", "for", "between", "among"}
NOUN_TARGET_PREPS = frozenset({"with", "against", "on", "upon", "to", "toward", "towards",
                               "into", "over", "for", "between", "among"})  # fmt: skip
DESTINATION_PREPS = frozenset({"to", "toward", "towards", "into"})
NOUN_SOURCE_LINKS = frozenset({"poss", "compound", "amod", "nmod"})
# Verbs that only carry a noun event: "held talks", "launched an attack".
LIGHT_VERBS = frozenset({
    "hold", "have", "conduct", "launch", "carry", "begin", "start", "stage", "make",
    "continue", "resume", "open", "mount", "take", "give", "issue", "lodge", "reach",
    "convey", "reiterate", "express", "voice", "announce", "mention", "cite", "deliver",
    "perform", "undertake", "impose", "intensify", "escalate", "step", "wage", "unleash",
})  # fmt: skip
# Verbs whose subject undergoes what their object names: "faced criticism from MPs",
# "faces charges in the US", "drew condemnation from Beijing", "received aid from Japan".
UNDERGO_VERBS = frozenset({"face", "draw", "attract", "receive", "suffer", "incur", "endure"})
# Removals whose "from" phrase, in the passive, names who removed: "was expelled from
# the party", "was deported from Russia" (expel or withdraw; expel or deport people).
REMOVAL_CODES = frozenset({"166", "174"})
PEOPLE_SECTORS = frozenset({"CVL", "REF", "PPL"})
# Passive verbs whose subject is the one who speaks: "was quoted as saying".
REPORTING_PASSIVES = frozenset({"quote", "report", "cite"})
PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WDT", "DT"})
# Kinds of event done *to* someone: their object is the target even when it is the
# source's own people ("police dispersed students", "demanded a truce with Moslem forces").
HOSTILE_ROOTS = frozenset({"09", "10", "11", "12", "13", "14", "16", "17", "18", "19", "20"})
# People a country sends or contributes rather than acts on: "contributed troops",
# "sent envoys", "dispatched doctors".
SENT_SECTORS = frozenset({"MIL", "GOV", "COP", "MED", "HLH", "PKO", None})
# Kinds of event whose object names a deed: its doer ("the attack by X") is the target
# of investigating, accusing, rejecting, protesting or punishing it.
BLAME_ROOTS = frozenset({"09", "11", "12", "14", "16", "17"})
# Prepositions that name a complaint's object before its audience: "complained to the UN
# over Israeli raids" is about Israel.
BLAME_PREPS: tuple[str, ...] = (
    "against", "over", "about", "on", "upon", "with", "toward", "towards", "into", "at",
    "from", "for", "to",
)  # fmt: skip


@dataclass(slots=True)
class Found:
    """One event mention before modality, date and place are added."""

    trigger: int
    pattern: Pattern
    code: str
    sources: list[ActorMention]
    targets: list[ActorMention]
    complement: int | None = None  # trigger of the clause it governs ("agreed to [send]")
    derived_from: int | None = None  # for intent and request events made from another
    undergone: bool = False  # a noun its target undergoes ("faces charges"): doer unnamed
    weak: bool = False  # targets came from a last resort (another actor of the clause)
    notes: list[str] = field(default_factory=list)


def _prep_targets(
    parsed: ParsedDoc, idx: MentionIndex, heads: list[int], preps: frozenset[str] | tuple[str, ...]
) -> list[ActorMention]:
    """Actors in the first "with/against/on/to ..." phrase hanging off ``heads`` (in the
    order of ``preps`` when it is a tuple, else of ``TARGET_PREPS``)."""
    for word in preps if isinstance(preps, tuple) else TARGET_PREPS:
        if word not in preps:
            continue
        for h in heads:
            for p in parsed.children(h):
                t = parsed.tokens[p]
                if t.text.lower() != word or t.dep not in ("prep", "dative", "agent"):
                    continue
                obj = first_child(parsed, p, frozenset({"pobj", "pcomp"}))
                if obj is None:
                    continue
                if parsed.tokens[obj].pos == "VERB":  # "to stabilizing [relations]"
                    obj = first_child(parsed, obj, frozenset({"dobj", "obj"}))
                    if obj is None:
                        continue
                found = idx.phrase_actors(obj)
                if found:
                    return found
    return []


def _doer_of(parsed: ParsedDoc, idx: MentionIndex, noun: int) -> list[ActorMention]:
    """Who did the deed a noun names: "crimes [by] extremists", "the demonstration staged
    [by] students"."""
    for c in parsed.children(noun):
        t = parsed.tokens[c]
        if t.dep in ("prep", "agent") and t.text.lower() == "by":
            obj = first_child(parsed, c, frozenset({"pobj"}))
            if obj is not None and idx.actors_of(obj):
                return idx.actors_of(obj)
        elif t.dep == "acl" and t.tag == "VBN":
            agent = agent_of(parsed, c)
            if agent is not None and idx.actors_of(agent):
                return idx.actors_of(agent)
    return []


def _object_targets(
    parsed: ParsedDoc, idx: MentionIndex, obj: int, code: str = ""
) -> list[ActorMention]:
    """Actors an object names: itself, its possessor, its doer (for blame), or its
    "to/on/against" phrase."""
    for o in conjuncts(parsed, obj):
        found = idx.phrase_actors(o)
        if found:
            return found
    for o in conjuncts(parsed, obj) if code[:2] in BLAME_ROOTS else ():
        found = _doer_of(parsed, idx, o)
        if found:
            return found
    return _prep_targets(parsed, idx, conjuncts(parsed, obj), TARGET_PREPS)


def _named_prep_targets(
    parsed: ParsedDoc, idx: MentionIndex, v: int, word: str
) -> list[ActorMention]:
    obj = object_of(parsed, v)
    heads = [v] if obj is None else [v, obj]
    return _prep_targets(parsed, idx, heads, (word,))


def verb_target_groups(
    parsed: ParsedDoc, idx: MentionIndex, v: int, pattern: Pattern, passive: bool
) -> Iterator[list[ActorMention]]:
    """Candidate targets of verb ``v``, best placed first: its object, indirect object,
    "with/against/on/to ..." phrases, then a demanded or conditioning clause's subject."""
    if pattern.target == "none":
        return
    if pattern.target and pattern.target != "obj":
        # Only that phrase names the target: what one discusses is a topic, not an actor.
        yield _named_prep_targets(parsed, idx, v, pattern.target)
        return
    obj = None if passive else first_child(parsed, v, frozenset({"dobj", "obj"}))
    if obj is not None and any(
        parsed.tokens[c].dep == "poss" and parsed.tokens[c].tag == "PRP$"
        for c in parsed.children(obj)
    ):
        obj = None  # "withdrew its troops from X": its own troops are not the target
    if obj is not None:
        yield _object_targets(parsed, idx, obj, pattern.code)
    dative = first_child(parsed, v, frozenset({"dative", "iobj"}))
    if dative is not None:
        pobj = first_child(parsed, dative, frozenset({"pobj"}))
        yield idx.actors_of(pobj if pobj is not None else dative)
    if pattern.code[:2] == "11":
        yield _prep_targets(parsed, idx, [v], BLAME_PREPS)
    elif pattern.code[:2] in VIOLENT_ROOTS:  # "fired rockets at Israel from Gaza"
        yield _prep_targets(parsed, idx, [v], AIM_PREPS)
    yield _prep_targets(parsed, idx, [v], VERB_TARGET_PREPS)
    # "demanded that the US cancel ...": the clause's subject; "warned of action if China
    # continued ...": the subject of the condition.
    deps = {"02": "ccomp", "10": "ccomp", "11": "ccomp", "13": "advcl"}.get(pattern.code[:2])
    for c in children_with(parsed, v, frozenset({deps})) if deps else ():
        if deps == "advcl" and not any(
            parsed.tokens[k].text.lower() in ("if", "unless") for k in parsed.children(c)
        ):
            continue
        subj = first_child(parsed, c, frozenset({"nsubj", "nsubjpass"}))
        if subj is not None:
            yield idx.actors_of(subj)


def _own_people(
    parsed: ParsedDoc, group: list[ActorMention], own: set[str | None], code: str
) -> bool:
    """Whether a group is only generic people of the source's own country that it sends
    or contributes ("troops", "envoys"), in a kind of event not done to them. A
    government is a body, not people sent: "the Tories backed the government"."""
    if code[:2] in HOSTILE_ROOTS:
        return False
    return all(
        m.how == "agent"
        and {a.country for a in m.actors} <= own
        and all(a.sector in SENT_SECTORS for a in m.actors)
        and not (
            parsed.tokens[m.head].tag in ("NN", "NNP")
            and all(a.sector == "GOV" for a in m.actors)
        )
        for m in group
    )


def choose_targets(
    parsed: ParsedDoc,
    groups: Iterable[list[ActorMention]],
    sources: list[ActorMention],
    code: str = "",
) -> list[ActorMention]:
    """The first candidate group, unless it is only the source's own people ("France
    contributed [troops] to a force in Liberia"): then the next group, if any."""
    own = {a.country for m in sources for a in m.actors}
    first: list[ActorMention] = []
    for group in groups:
        group = clean(parsed, group, sources, code)
        if not group:
            continue
        if not _own_people(parsed, group, own, code) and any(resolved(m) for m in group):
            return group
        first = first or group  # own people sent, or names we could not resolve
    return first


def _stand_in_subject(parsed: ParsedDoc, idx: MentionIndex, v: int, subj: int) -> int:
    """For a pronoun or a non-actor noun subject, the actor of the enclosing clause:
    "Syria says [it] is willing", "the party issued a [declaration] demanding"."""
    tok = parsed.tokens[subj]
    if idx.actor_of(subj) is not None:
        return subj
    if tok.tag in ("PRP", "WP") or tok.text.lower() in ("it", "they", "he", "she", "we"):
        up = v
        for _ in range(6):
            t = parsed.tokens[up]
            if t.head == up:
                break
            up = t.head
            outer, passive = clause_subject(parsed, up)
            # "X was quoted as saying [he] ...": a reported speaker is who "he" is
            quoted = passive and parsed.tokens[up].lemma.lower() in REPORTING_PASSIVES
            if (
                outer is not None
                and (not passive or quoted)
                and outer != subj
                and idx.actor_of(outer) is not None
            ):
                return outer
    elif (
        parsed.tokens[v].dep == "acl"
        and tok.dep in ("dobj", "obj")
        and subj == parsed.tokens[v].head
    ):
        outer, passive = clause_subject(parsed, tok.head)
        if outer is not None and not passive:
            return outer
    return subj


def verb_roles(
    parsed: ParsedDoc, idx: MentionIndex, v: int, pattern: Pattern
) -> tuple[list[ActorMention], list[ActorMention], bool]:
    """Sources and targets of verb trigger ``v``, and whether the targets are a last
    resort (another actor of the clause, not an argument of the verb)."""
    subj, passive = clause_subject(parsed, v)
    if subj is not None and not passive:
        subj = _stand_in_subject(parsed, idx, v, subj)
    if passive:
        owner = v if subj is not None and parsed.tokens[subj].head == v else v
        agent = agent_of(parsed, owner)
        sources = idx.actors_of(agent) if agent is not None else []
        if not sources and pattern.code[:3] in REMOVAL_CODES:
            # "was expelled from the Labour party", "was deported from Russia": the
            # body one is removed from did it
            sources = [
                m for m in _prep_targets(parsed, idx, [v], ("from", "of"))
                if not all(a.sector in PEOPLE_SECTORS for a in m.actors)
            ]
        targets = idx.actors_of(subj, TARGET_ACTOR_PREPS) if subj is not None else []
        if not targets:
            targets = choose_targets(
                parsed, verb_target_groups(parsed, idx, v, pattern, True), sources, pattern.code
            )
        return sources, targets, False
    sources = idx.actors_of(subj) if subj is not None else []
    if pattern.recip and len({a.country for m in sources for a in m.actors}) > 1:
        # "Both sides agreed ...", "Iran and Oman met ...": they act on each other.
        return sources, _named_prep_targets(parsed, idx, v, "with"), False
    groups = verb_target_groups(parsed, idx, v, pattern, passive=False)
    targets = choose_targets(parsed, groups, sources, pattern.code)
    own = {a.country for m in sources for a in m.actors}
    if (
        pattern.target is None
        and sources
        and (
            not targets
            or _own_people(parsed, targets, own, pattern.code)
            or not any(resolved(m) for m in targets)
        )
    ):
        # Last resorts: another actor in the clause, or the country it happens in.
        foreign = bool(targets)
        in_place = place_names_target(pattern.code)
        found = subtree_targets(parsed, idx, v, sources, foreign) or (
            place_targets(parsed, idx, v, sources, pattern.code) if in_place else []
        )
        if found:
            return sources, found, True
        if targets and _own_people(parsed, targets, own, pattern.code):
            return sources, [], False  # "deployed its troops to the border": no one
    return sources, targets, False


def _governing_verb(parsed: ParsedDoc, n: int) -> int | None:
    """The verb a noun is the object of ("held [talks]", "launched an [attack] on")."""
    tok = parsed.tokens[n]
    head = parsed.tokens[tok.head]
    if tok.dep in ("dobj", "obj") and head.pos == "VERB" and head.lemma.lower() in LIGHT_VERBS:
        return tok.head
    if tok.dep == "pobj" and head.text.lower() in ("for", "in", "into", "at", "during"):
        # "converged for a [rally]", "took part in [talks]"
        verb = parsed.tokens[head.head]
        if verb.pos in ("NOUN", "NUM") and verb.dep in ("dobj", "obj"):
            # "reached a deal during [talks]", "provided $2 million in [assistance]"
            verb = parsed.tokens[verb.head]
        if head.dep == "prep" and verb.pos == "VERB":
            return verb.i
    if tok.dep == "pobj" and head.text.lower() == "on" and head.dep == "prep":
        # "is on a three-day [visit] to", "went on a [trip] to"; not "a statement on [talks]"
        verb = parsed.tokens[head.head]
        if verb.pos in ("VERB", "AUX") and verb.lemma.lower() in TRAVEL_VERBS:
            return verb.i
    if tok.dep == "conj":
        return _governing_verb(parsed, tok.head)
    return None


def _undergoer(parsed: ParsedDoc, idx: MentionIndex, n: int) -> list[ActorMention] | None:
    """Who undergoes noun event ``n`` as the object of "face", "draw", "receive" ...:
    the verb's subject ("[the minister] faced criticism"); None for any other noun."""
    tok = parsed.tokens[n]
    verb = parsed.tokens[tok.head]
    if tok.dep not in ("dobj", "obj") or verb.pos != "VERB":
        return None
    if verb.lemma.lower() not in UNDERGO_VERBS:
        return None
    subj, passive = clause_subject(parsed, verb.i)
    if subj is None or passive:
        return []
    return idx.actors_of(_stand_in_subject(parsed, idx, verb.i, subj))


# People who act for someone named after "to"/"of": "a top aide to Zelenskiy".
AIDE_NOUNS = frozenset({
    "aide", "adviser", "advisor", "assistant", "spokesman", "spokeswoman", "spokesperson",
    "deputy", "envoy",
})  # fmt: skip


def _sides(parsed: ParsedDoc, idx: MentionIndex, obj: int) -> list[ActorMention]:
    """The parties of "between X and Y", an aide standing for whom they serve ("between
    Sondland and a top aide to Zelenskiy")."""
    out: list[ActorMention] = []
    for c in conjuncts(parsed, obj):
        here = idx.actors_of(c)
        if not here and parsed.tokens[c].lemma.lower() in AIDE_NOUNS:
            here = _prep_targets(parsed, idx, [c], ("to", "of"))
        out.extend(m for m in here if m not in out)
    return out


def noun_roles(
    parsed: ParsedDoc, idx: MentionIndex, n: int, pattern: Pattern
) -> tuple[list[ActorMention], list[ActorMention]]:
    """Sources and targets of noun trigger ``n``: its possessor or "by/from" phrase and
    its "on/against/with ..." phrase, else the verb governing it ("X held [talks] with
    Y"); for a noun undergone ("X faced [criticism] from Y"), whoever undergoes it."""
    sources: list[ActorMention] = []
    for c in parsed.children(n):
        t = parsed.tokens[c]
        if t.dep in NOUN_SOURCE_LINKS:
            sources.extend(m for m in idx.actors_of(c) if m not in sources)
    targets: list[ActorMention] = []
    tok = parsed.tokens[n]
    # "a missile and drone [attack] on Kyiv": the phrase may hang on the first conjunct
    shared = parsed.children(tok.head) if tok.dep == "conj" and tok.head < n else ()
    for p in (*parsed.children(n), *shared):
        t = parsed.tokens[p]
        if t.dep != "prep" and t.dep != "agent":
            continue
        obj = first_child(parsed, p, frozenset({"pobj"}))
        if obj is None:
            continue
        word = t.text.lower()
        found = idx.actors_of(obj)
        if word == "between":
            found = _sides(parsed, idx, obj)
            if len(found) >= 2:
                return found[:1], found[1:]
        if word in ("by", "from") and not sources:
            sources = found
        elif word in NOUN_TARGET_PREPS and not targets:
            targets = found
    undergoer = _undergoer(parsed, idx, n)
    if undergoer:
        if not sources:  # "received aid [from Russia]": the phrase may hang on the verb
            sources = _prep_targets(parsed, idx, [tok.head], ("from", "by"))
        return sources, [m for m in undergoer if m not in sources] or targets
    gov = _governing_verb(parsed, n)
    if gov is not None and not sources:
        subj, passive = clause_subject(parsed, gov)
        if subj is not None and not passive:
            # "Turkey says [it] will begin a military operation": the speaker
            sources = idx.actors_of(_stand_in_subject(parsed, idx, gov, subj))
    if gov is not None and not targets:
        # "returned to Geneva for [talks]": where they went, not whom they talk to
        via_prep = parsed.tokens[n].dep == "pobj"
        targets = _prep_targets(
            parsed,
            idx,
            [gov],
            NOUN_TARGET_PREPS - DESTINATION_PREPS if via_prep else NOUN_TARGET_PREPS,
        )
    return sources, targets


def find_in_sentence(
    book: PatternBook, parsed: ParsedDoc, sent: Sentence, idx: MentionIndex
) -> list[Found]:
    """Every trigger in the sentence with its pattern and actors (sources may be empty)."""
    out: list[Found] = []

    def is_actor(i: int) -> bool:
        # the word itself names an actor, or someone "of" one ("the deputy chief of
        # Israel's militia ally"); "attacked Tory plans" attacks plans, not Tories
        if any(resolved(m) for m in idx.all_at(i)):
            return True
        for p in parsed.children(i):
            if parsed.tokens[p].dep == "prep" and parsed.tokens[p].text.lower() == "of":
                obj = first_child(parsed, p, frozenset({"pobj"}))
                found = idx.actor_of(obj) if obj is not None else None
                if found is not None and resolved(found):
                    return True
        return False

    for tok in parsed.tokens[sent.start : sent.end]:
        if tok.pos == "VERB" and tok.dep != "amod" and not _reduced_participle(parsed, tok.i):
            pattern = book.match(parsed, tok.i, "verb", is_actor)
            if pattern is None:
                continue
            sources, targets, weak = verb_roles(parsed, idx, tok.i, pattern)
            undergone = False
            if not pattern.curated and _reflexive_object(parsed, tok.i) and (weak or not targets):
                # "Trump tied himself to the outcome": done to oneself, no one else named
                # (unlike "distanced themselves from the US position")
                continue
            if not pattern.curated and not pattern.conditions and (weak or not targets):
                # PETRARCH's bare verb entries were meant to fire only between two coded
                # actors: without the verb's own target, "tied", "meant", "tend" are noise.
                continue
        elif tok.pos in ("NOUN", "PROPN") and tok.dep not in ("compound",):
            pattern = book.match(parsed, tok.i, "noun", is_actor)
            if pattern is None:
                continue
            sources, targets = noun_roles(parsed, idx, tok.i, pattern)
            weak = False
            undergone = bool(_undergoer(parsed, idx, tok.i))
        else:
            continue
        sources = clean(parsed, sources, [])
        if pattern.pos == "noun":
            targets = clean(parsed, targets, sources)
        if not targets and sources and pattern.pos == "noun" and pattern.target is None:
            in_place = place_names_target(pattern.code)
            targets = subtree_targets(parsed, idx, tok.i, sources) or (
                place_targets(parsed, idx, tok.i, sources, pattern.code) if in_place else []
            )
            weak = bool(targets)
        targets = [m for m in targets if m not in sources]
        code = pattern.code
        if code in VISIT_CODES and pattern.pos == "verb":
            code = visit_or_deployment(parsed, clause_subject(parsed, tok.i)[0]) or ""
        if not code or (code in VISIT_CODES and not any(resolved(m) for m in targets)):
            # a trip with no host ("the troops left for the front") is no visit, nor one
            # to a name nothing codes ("Trump's visit to Walter Reed": a hospital)
            continue
        found = Found(tok.i, pattern, code, sources, prefer_others(targets, sources))
        found.weak = weak
        found.undergone = undergone
        out.append(found)
    _link_complements(parsed, out)
    return out


REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "ourselves", "myself"})


def _reflexive_object(parsed: ParsedDoc, v: int) -> bool:
    return any(
        parsed.tokens[c].dep in ("dobj", "obj") and parsed.tokens[c].text.lower() in REFLEXIVES
        for c in parsed.children(v)
    )


def _reduced_participle(parsed: ParsedDoc, i: int) -> bool:
    """ "the troops [stationed] in Iraq": a participle modifying a noun, no event of its
    own; not a finite clause on a noun ("the announcement that they had [reached] a deal")."""
    tok = parsed.tokens[i]
    if tok.dep != "acl" or tok.tag != "VBN":
        return False
    return not any(parsed.tokens[c].dep in ("aux", "nsubj") for c in parsed.children(i))


def _link_complements(parsed: ParsedDoc, found: list[Found]) -> None:
    """Tie each trigger to the coded clause it governs: "agreed to [send] aid"."""
    by_trigger = {f.trigger: f for f in found}
    for f in found:
        for c in parsed.children(f.trigger):
            if parsed.tokens[c].dep in ("xcomp", "ccomp") and c in by_trigger:
                f.complement = c
                break
