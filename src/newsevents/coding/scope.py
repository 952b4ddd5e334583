"""Is it a political event? The story's topic, the kinds of its actors, and what each
PLOVER type admits.

An event dataset is only as useful as it is trustworthy: a hurdler who "struggled" is no
ASSAULT, a chief executive who "warned" no THREATEN. Three pieces of knowledge, each a data
file in ``data/coding/`` with its loader here, decide:

- ``topics.tsv``: words whose density says that a story is about sport, entertainment,
  markets or technology. In a sport or entertainment story a country's name is a team or a
  market ("France beat Ireland", "UK film fans"), not a state, so it makes nothing political.
- ``actor_kinds.tsv``: the kind of actor each CAMEO sector names (government, police,
  rebel, civilian, business ...) and whether it is political. A named person with no office
  is a ``person``; a country named as such is a ``state``.
- ``type_roles.tsv``: the kinds each PLOVER type admits as source and target (COERCE needs a
  state body or an armed group as its source; CONSULT needs a second party).

Every event needs a political actor on one side (a civilian protest counts: protesters act
politically); an event whose target is the source itself, or a weapon or a body part, is not
one. ``Admission.judge`` applies all of this to a built event.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources

from ..countries import CountryIndex
from ..model import Actor, Event
from ..parsed import ParsedDoc
from .patterns import PATTERN_DATA, PatternError

# Domains whose stories name countries as teams or markets, not as states.
TEAM_DOMAINS = frozenset({"sport", "entertainment"})
# A story is about a domain when its words make up this share of the text (per 100 words)
# and outweigh the political vocabulary. Sport and entertainment stories of 2004-05 and
# 2019 news pages sit at 1.5-10; political stories below 1.5 (bench/RESULTS.md).
TOPIC_DENSITY = 1.5
TOPIC_MIN_WORDS = 4  # and at least this many of its words: a lead sentence says little
ANY = "*"
# Kinds of actor that are groups of people: when they protest, they act politically.
GROUP_KINDS = frozenset({"civilian", "other", "union", "ngo", "opposition", "party"})
# Who attacks with words: parties, legislators, NGOs, media and named officials; whom.
GENERAL_FORCE = "190"
SPEAKING_KINDS = frozenset({"party", "legislature", "ngo", "media", "opposition", "union", "person"})
SPOKEN_TO_KINDS = frozenset({"party", "legislature", "government", "person", "ngo", "media",
                             "opposition", "union", "judiciary"})  # fmt: skip
POLITICAL = "political"
STATE, PERSON, UNKNOWN = "state", "person", "unknown"
# Things that are not actors even when a dictionary gives them a sector: what a weapon
# hits is the target, not the weapon ("fired drones at X"), nor a body part ("a hamstring").
NOT_ACTOR_WORDS = frozenset({
    "drone", "drones", "missile", "missiles", "rocket", "rockets", "shell", "shells", "bomb",
    "bombs", "mortar", "mortars", "artillery", "munition", "munitions", "bullet", "bullets",
    "grenade", "grenades", "weapon", "weapons", "gun", "guns", "hamstring", "ankle", "knee",
    "groin", "shoulder", "back", "heart", "head",
})  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("newsevents").joinpath(f"{PATTERN_DATA}/{name}").read_text("utf-8")
    lines = [x for x in text.splitlines() if x.strip() and not x.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@dataclass(frozen=True, slots=True)
class Topic:
    """What a story is about: the strongest non-political domain and its density."""

    domain: str | None
    density: float
    politics: float

    @property
    def names_teams(self) -> bool:
        """Whether a country named in this story is more likely a team than a state."""
        return self.domain in TEAM_DOMAINS


@dataclass(frozen=True)
class TopicLexicon:
    words: dict[str, str]  # word or "first-second" phrase -> domain

    @classmethod
    def load(cls) -> TopicLexicon:
        words: dict[str, str] = {}
        for n, row in enumerate(_rows("topics.tsv"), 2):
            word, domain = (row.get("word") or "").lower(), row.get("domain") or ""
            if not word or not domain or word in words:
                raise PatternError(f"topics.tsv row {n}: empty or repeated word {word!r}")
            words[word] = domain
        return cls(words)

    def topic(self, parsed: ParsedDoc) -> Topic:
        counts: Counter[str] = Counter()
        words = [t for t in parsed.tokens if t.text[:1].isalpha()]
        for a, b in zip(words, [*words[1:], None], strict=False):
            phrase = f"{a.text.lower()}-{b.text.lower()}" if b is not None else ""
            domain = (
                self.words.get(phrase)
                or self.words.get(a.text.lower())
                or self.words.get(a.lemma.lower())
            )
            if domain:
                counts[domain] += 1
        per100 = {d: 100 * n / max(len(words), 1) for d, n in counts.items()}
        politics = per100.pop("politics", 0.0)
        if not per100:
            return Topic(None, 0.0, politics)
        domain, density = max(per100.items(), key=lambda x: (x[1], x[0]))
        if density < TOPIC_DENSITY or density <= politics or counts[domain] < TOPIC_MIN_WORDS:
            return Topic(None, density, politics)
        return Topic(domain, density, politics)


@dataclass(frozen=True)
class ActorKinds:
    kinds: dict[str, str]  # sector -> kind
    political: frozenset[str]  # political kinds
    countries: CountryIndex

    @classmethod
    def load(cls, countries: CountryIndex) -> ActorKinds:
        kinds: dict[str, str] = {}
        political = {STATE}
        for n, row in enumerate(_rows("actor_kinds.tsv"), 2):
            sector, kind, pol = row.get("sector"), row.get("kind"), row.get("political")
            if not sector or not kind or pol not in ("yes", "no"):
                raise PatternError(f"actor_kinds.tsv row {n}: need sector, kind, yes|no")
            kinds[sector] = kind
            if pol == "yes":
                political.add(kind)
        return cls(kinds, frozenset(political), countries)

    def kind(self, actor: Actor) -> str:
        sector = (actor.sector or "")[:3].upper()
        if sector:
            return self.kinds.get(sector, UNKNOWN)
        if actor.code and actor.code.startswith("IGO"):
            return "igo"
        if actor.name is None and actor.country and self.countries.kind(actor.text) is not None:
            return STATE
        # a named person the text places ("British sprinter Kelly Holmes"); a name that
        # nothing codes ("Walter Reed") is unknown
        return PERSON if actor.name and actor.country else UNKNOWN

    def is_political(self, actor: Actor, topic: Topic) -> bool:
        kind = self.kind(actor)
        if kind == STATE and topic.names_teams:
            return False
        return kind in self.political


@dataclass(frozen=True, slots=True)
class TypeRule:
    source: frozenset[str]  # kinds, or {"*"}; "political" expands when checked
    target: frozenset[str]
    target_required: bool
    civil_source: bool


@dataclass(frozen=True)
class TypeRoles:
    rules: dict[str, TypeRule]

    @classmethod
    def load(cls) -> TypeRoles:
        rules: dict[str, TypeRule] = {}
        for n, row in enumerate(_rows("type_roles.tsv"), 2):
            plover = row.get("plover") or ""
            if not plover or row.get("required") not in ("yes", "no"):
                raise PatternError(f"type_roles.tsv row {n}: need plover and required yes|no")
            rules[plover] = TypeRule(
                frozenset((row.get("source") or ANY).split(",")),
                frozenset((row.get("target") or ANY).split(",")),
                row["required"] == "yes",
                row.get("civil_source") == "yes",
            )
        return cls(rules)


def _admits(allowed: frozenset[str], kind: str, political: frozenset[str]) -> bool:
    return ANY in allowed or kind in allowed or (POLITICAL in allowed and kind in political)


def _same_actor(a: Actor, b: Actor) -> bool:
    """Whether two actors are one: the same person, or the same code named alike (or a
    country twice)."""
    if a.name and b.name:
        return a.name == b.name
    if a.code != b.code:
        return False
    return a.text.lower() == b.text.lower() or (a.sector is None and b.sector is None)


def _is_thing(actor: Actor) -> bool:
    words = actor.text.lower().split()
    return bool(words) and words[-1] in NOT_ACTOR_WORDS


@dataclass(frozen=True)
class Admission:
    """Decides which built events are political events of the kinds their type admits."""

    kinds: ActorKinds
    roles: TypeRoles

    def judge(self, event: Event, topic: Topic) -> Event | None:
        """The event (targets that are not actors removed), or None when it is out of
        scope: no political actor, a source or target of a kind the type does not admit,
        a required target missing, or the source acting on itself."""
        rule = self.roles.rules.get(event.plover or "")
        if rule is None:  # CAMEO 01 statements: kept only with include_statements
            return event
        targets = tuple(
            a for a in event.target
            if not _is_thing(a) and not any(_same_actor(a, s) for s in event.source)
        )  # fmt: skip
        if rule.target_required and not targets:
            return None
        political = self.kinds.political
        if not all(_admits(rule.source, self.kinds.kind(a), political) for a in event.source):
            return None
        if not all(_admits(rule.target, self.kinds.kind(a), political) for a in targets):
            return None
        if not self._any_political((*event.source, *targets), topic) and not (
            rule.civil_source and any(self.kinds.kind(a) in GROUP_KINDS for a in event.source)
        ):
            return None
        return event if targets == event.target else replace(event, target=targets)

    def verbal_attack(self, event: Event) -> bool:
        """ "He attacked Tory plans", "Republican attacks on Vindman": a politician's
        attack on a rival is words, not force, when neither side is armed nor a state and
        the trigger is one of force in general (CAMEO 190), not a killing."""
        if event.cameo != GENERAL_FORCE or not event.target:
            return False
        speakers = all(
            (k := self.kinds.kind(a)) in SPEAKING_KINDS or (k == "government" and a.name)
            for a in event.source
        )
        return speakers and all(self.kinds.kind(a) in SPOKEN_TO_KINDS for a in event.target)

    def _any_political(self, actors: Iterable[Actor], topic: Topic) -> bool:
        return any(self.kinds.is_political(a, topic) for a in actors)
