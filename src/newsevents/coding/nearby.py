"""Targets found near a trigger when its arguments name none: another actor of its
clause, or the country it happens in ("lifted the curfew in Montenegro").

Also the checks that keep places out of targets: "met in Laos", "talks in Ankara".
"""

from __future__ import annotations

from dataclasses import replace

from ..parsed import ActorMention, ParsedDoc
from .syntax import PLACE_PREPS, MentionIndex


def under_place(parsed: ParsedDoc, i: int, places: frozenset[str] = PLACE_PREPS) -> bool:
    """True when token ``i`` sits in an "in/at/near ..." phrase of a verb: a place, not an
    actor ("met in Laos"). Under a noun it says whose the noun is ("rebels in Ivory Coast")."""
    tok = parsed.tokens[i]
    while tok.dep in ("pobj", "compound", "conj", "appos", "poss"):
        head = parsed.tokens[tok.head]
        if tok.dep == "pobj":
            if head.text.lower() not in places:
                return False
            return parsed.tokens[head.head].pos in ("VERB", "AUX", "ADJ") or head.head == head.i
        tok = head
    return False


def in_place_phrase(parsed: ParsedDoc, i: int) -> bool:
    """True when token ``i`` names the place of an "in/at/near ..." phrase, under a verb
    or a noun ("deliveries in Baghdad", "near the town of Samarra")."""
    tok = parsed.tokens[i]
    for _ in range(6):
        while tok.dep in ("compound", "conj", "appos", "poss"):
            tok = parsed.tokens[tok.head]
        if tok.dep != "pobj":
            return False
        prep = parsed.tokens[tok.head]
        word = prep.text.lower()
        if word in PLACE_PREPS:
            return True
        if word != "of" or prep.head == prep.i:
            return False
        tok = parsed.tokens[prep.head]  # "the town [of] X", "outside [of] X"
        if tok.text.lower() in PLACE_PREPS:
            return True
    return False


# Kinds of event done to a place ("lifted the curfew in X", "shelled positions in X");
# meetings and statements only happen there.
PLACE_TARGET_ROOTS = frozenset({"08", "14", "15", "16", "17", "18", "19", "20"})
# Visits: the place visited names the host ("arrived in Beijing" is a visit to China).
VISIT_CODES = frozenset({"042"})
# Who arrives as a force, not as a visitor: "troops arrived in Bosnia" is a deployment.
FORCE_NOUNS = frozenset({
    "troop", "troops", "soldier", "soldiers", "force", "forces", "contingent", "battalion",
    "unit", "units", "peacekeeper", "peacekeepers", "deployment", "warship", "warships",
})  # fmt: skip
PEACEKEEPING_WORDS = frozenset({"peacekeeping", "peacekeeper", "peacekeepers", "blue"})
# Verbs one is "on" a visit with: "is on a [visit] to", "went on a [trip] to".
TRAVEL_VERBS = frozenset({"be", "go", "set", "embark", "arrive", "leave", "travel", "fly"})


def place_names_target(code: str) -> bool:
    """Whether the country an event happens in is its target when nothing else is."""
    return code[:2] in PLACE_TARGET_ROOTS or code in VISIT_CODES


def place_targets(
    parsed: ParsedDoc, idx: MentionIndex, i: int, sources: list[ActorMention], code: str
) -> list[ActorMention]:
    """A country named as the place of a target-less event ("lifted the curfew in
    Montenegro") is what the event is done to."""
    for j in parsed.subtree(i):
        m = idx.at(j)
        if m is None or j != m.head or m in sources or not in_place_phrase(parsed, j):
            continue
        if m.how == "country" or all(a.sector is None and a.country for a in m.actors):
            return [m]
        if m.how == "metonym" and code[:2] != "14":
            # "suspended aid deliveries in Baghdad": the country, not its government (a
            # protest in a capital only happens there)
            return [
                ActorMention(
                    m.start,
                    m.end,
                    m.head,
                    tuple(replace(a, code=a.country, sector=None) for a in m.actors),
                    "country",
                )
            ]
    return []


def at_capital(parsed: ParsedDoc, m: ActorMention) -> bool:
    """ "talks in Ankara": a capital after in/at is where, not who."""
    tok = parsed.tokens[m.head]
    return (
        m.how == "metonym"
        and tok.dep == "pobj"
        and parsed.tokens[tok.head].text.lower() in ("in", "at")
    )


def clean(
    parsed: ParsedDoc, found: list[ActorMention], drop: list[ActorMention], code: str = ""
) -> list[ActorMention]:
    """Candidates that are not in ``drop`` and not places (for violence, "fired rockets
    [at] Israel" names whom it is aimed at)."""
    places = PLACE_PREPS - {"at"} if code[:2] in VIOLENT_ROOTS else PLACE_PREPS
    return [
        m
        for m in found
        if m not in drop and not under_place(parsed, m.head, places) and not at_capital(parsed, m)
    ]


VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# Prepositions that name what violence is aimed at ("fired at", "opened fire on").
AIM_PREPS: tuple[str, ...] = ("at", "on", "upon", "against", "toward", "towards", "into")


def prefer_others(targets: list[ActorMention], sources: list[ActorMention]) -> list[ActorMention]:
    """Drop targets of the source's own country when others are named ("U.S.-China ties")."""
    own = {a.country for m in sources for a in m.actors}
    others = [m for m in targets if not {a.country for a in m.actors} <= own]
    return others or targets


BACKGROUND_MARKS = frozenset(
    {"after", "as", "when", "while", "since", "because", "before", "until"}
)


def foreground(parsed: ParsedDoc, i: int) -> list[int]:
    """``i``'s subtree without relative clauses and clauses of time or cause: the
    sentence's own event, not its background ("rallied ... after the PM [suspended] ...")."""
    out, stack = [], [i]
    while stack:
        j = stack.pop()
        out.append(j)
        for c in parsed.children(j):
            t = parsed.tokens[c]
            if (
                t.dep == "relcl"
                or without_clause(parsed, c)
                or (
                    t.dep == "advcl"
                    and any(
                        parsed.tokens[k].dep == "mark"
                        and parsed.tokens[k].text.lower() in BACKGROUND_MARKS
                        for k in parsed.children(c)
                    )
                )
            ):
                continue
            stack.append(c)
    return sorted(out)


def without_clause(parsed: ParsedDoc, p: int) -> bool:
    """ "resigned [without] returning to X": what did not happen names no target."""
    t = parsed.tokens[p]
    return t.dep == "prep" and t.text.lower() == "without"


def subtree_targets(
    parsed: ParsedDoc, idx: MentionIndex, i: int, sources: list[ActorMention], foreign: bool = False
) -> list[ActorMention]:
    """Last resort: the nearest other actor in the trigger's own phrase or clause (of
    another country than the source's when ``foreign``, or when two share a token)."""
    own = {a.country for m in sources for a in m.actors}
    best: tuple[int, int, int, ActorMention] | None = None
    for j in foreground(parsed, i):
        for m in idx.all_at(j):
            if m in sources or j != m.head or under_place(parsed, m.head) or at_capital(parsed, m):
                continue
            same = {a.country for a in m.actors} <= own
            if foreign and (same or not any(a.country for a in m.actors)):
                continue
            # a name we could not resolve is the last choice: it may be anyone
            rank = (int(not resolved(m)), int(same), abs(j - i))
            if best is None or rank < best[:3]:
                best = (*rank, m)
    return [best[3]] if best else []


def resolved(m: ActorMention) -> bool:
    return any(a.code or a.country for a in m.actors)


def visit_or_deployment(parsed: ParsedDoc, subj: int | None) -> str | None:
    """What a trip by subject ``subj`` codes as: a visit (042), peacekeepers' arrival
    (074, "peacekeeping troops arrived in Bosnia"), or nothing for other forces (their
    moves are coded by the military patterns, not as visits)."""
    if subj is None:
        return "042"
    heads = [subj]  # "a first batch [of] troops": the thing counted
    for c in parsed.children(subj):
        if parsed.tokens[c].dep == "prep" and parsed.tokens[c].text.lower() == "of":
            heads.extend(j for j in parsed.children(c) if parsed.tokens[j].dep == "pobj")
    if not any(
        parsed.tokens[h].lemma.lower() in FORCE_NOUNS
        or parsed.tokens[h].text.lower() in FORCE_NOUNS
        for h in heads
    ):
        return "042"
    words = {parsed.tokens[j].text.lower() for j in parsed.subtree(subj)}
    return "074" if words & PEACEKEEPING_WORDS else None
