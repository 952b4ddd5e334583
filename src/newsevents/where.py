"""Where an event happened: the place phrase of its clause, its sentence, its paragraph,
and the dateline only for the story's own current events.

``StoryPlaces`` is built once per article and answers
``locate(sentence, trigger, event, when)`` with a location and its ``place_source``:

1. **text**: a place phrase attached to the trigger's clause ("in", "at", "near",
   "outside", "across" ... a GPE/LOC/FAC; "visited Beijing", "shelled the outskirts of
   Kharkiv"), nearest first, the more specific of "the West Bank city of Jenin"; else a
   place phrase elsewhere in the sentence, not in a relative clause and not where
   something was said ("said in Brussels that ...");
2. **paragraph**: the paragraph's running place, the last such place named by an
   earlier sentence of the paragraph;
3. **dateline**: the dateline's city (its country when it names none), only for the
   story's own current events (dated by the story's date or within a week before it,
   not ``before``), and for force only where the dateline is in the target's country
   (a war story datelined New Delhi does not happen in New Delhi). A country named in
   the text that is the dateline's gives way to the dateline's city ("met ... in Laos"
   under "Vientiane, Laos:");
4. **story**: a story without a dateline is set in the first city its opening
   paragraphs name ("Speaking at Labour's conference in Gateshead, Mr Brown ..."),
   which then stands in for a dateline, on the same terms.

A place phrase the gazetteer does not know ("talks in Chushul") still tells that the
event was not at the dateline: such an event takes the paragraph's place or none.
Namesakes are settled by the actors' and the story's countries (``PlaceContext``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .gazetteer import MAJOR_CITY, Gazetteer, Place, PlaceContext, place_key
from .model import Dateline, Event, Location
from .parsed import ParsedDoc, Sentence
from .when import EventDate, clause_tier, event_date

__all__ = ["Gazetteer", "PlacePhrase", "StoryPlaces", "place_key", "place_phrases"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels that never name a place; any other (PERSON, ORG, PRODUCT: the small
# model's guesses for "Goma", "Kursk") is tried, and counts if the gazetteer knows it.
NOT_PLACES = frozenset(
    {"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "LANGUAGE", "LAW"}
)
PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
     "into", "on", "off", "to", "over", "along", "from", "through"}
)  # fmt: skip
# Prepositions that name the event's place only after verbs of movement or arrival
# ("fired into Israel", "deployed to Mali"; not "talked to Paris", "came from Kyiv").
MOVEMENT_PREPS = frozenset({"into", "to", "on", "over", "from"})
MOVEMENT_LEMMAS = frozenset(
    {"travel", "fly", "go", "come", "arrive", "return", "head", "move", "march", "deploy",
     "send", "fire", "launch", "strike", "land", "enter", "invade", "advance", "withdraw",
     "retreat", "flee", "evacuate", "drop", "shoot", "crash", "airdrop", "rain"}
)  # fmt: skip
# Nouns that stand for part of a place: "shelled the outskirts of Kharkiv", "filled the
# streets of Belgrade" make Kharkiv and Belgrade the event's place.
PLACE_NOUNS = frozenset(
    {"street", "outskirt", "outskirts", "suburb", "city", "town", "village", "district", "region",
     "province", "area", "capital", "centre", "center", "border", "camp", "neighborhood",
     "neighbourhood", "coast", "port", "airport", "square", "heart", "north", "south",
     "east", "west", "part", "state", "oblast", "governorate", "territory", "valley"}
)  # fmt: skip
# Lemmas whose direct object is the place itself: "visited Beijing", "shelled Kharkiv".
PLACE_OBJECT_LEMMAS = frozenset(
    {"visit", "tour", "enter", "invade", "occupy", "raid", "shell", "bomb", "strike", "hit",
     "capture", "seize", "storm", "besiege", "bombard", "liberate", "retake", "overrun",
     "blockade", "surround", "attack", "target"}
)  # fmt: skip
# Region words that follow a name and belong to the place: "the Ladakh region".
REGION_NOUNS = frozenset({"region", "province", "state", "oblast", "governorate", "territory"})
# Names whose first words may name their place: a site ("Kabul airport") or a body
# ("Hong Kong Polytechnic University"), not a person ("Badr Albusaidi").
PREFIX_LABELS = frozenset({"FAC", "ORG", "LOC", "GPE"})
# "Pakistan-administered Kashmir", "Israeli-occupied West Bank": part of the name.
CONTROL_WORDS = frozenset({"administered", "controlled", "occupied", "held", "annexed"})
# Where something was said is not where the event it reports happened.
SPEECH_LEMMAS = frozenset(
    {"say", "tell", "announce", "state", "report", "claim", "add", "note", "confirm",
     "deny", "write", "post", "speak", "insist", "argue", "explain"}
)  # fmt: skip
# Events whose place the dateline gives only in the target's country: force
# (CAMEO 15 posture, 17 coercion, 18 assault, 19 fighting, 20 mass violence), not the
# decisions of 16 (sanctions, expulsions), taken where the decider is.
FORCE_ROOTS = frozenset({"15", "17", "18", "19", "20"})
# A place this many prepositions below the trigger belongs to a thing in the event,
# not to the event: "demanding justice for the deaths in the collapse in Novi Sad".
MAX_PREP_DEPTH = 2
# A text date this close before the story's date still makes an event the story's news.
CURRENT_DAYS = 7
# A story with no dateline is set in the first city its opening paragraphs say its
# people speak or gather in.
SETTING_PARAGRAPHS = 3
GATHERINGS = frozenset(
    {"conference", "summit", "rally", "meeting", "congress", "convention", "talks", "visit",
     "session", "gathering", "forum", "ceremony", "news conference", "press conference"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlacePhrase:
    start: int
    end: int
    text: str
    anchor: int  # the token tying the phrase to its clause (a preposition, a verb)
    specific: bool  # "the city of X", "the outskirts of X": X beats the modifier
    label: str  # the entity label ("" untagged); GPE/LOC/FAC are places, others if known
    main: bool  # not in a relative clause
    said: bool  # where something was said ("said in Brussels")


def place_phrases(parsed: ParsedDoc, sentence: Sentence) -> list[PlacePhrase]:
    """Place phrases of a sentence: entities and proper nouns in a place slot.

    Besides GPE/LOC/FAC entities, a PERSON/ORG entity or an untagged proper noun in a
    place slot ("near Goma", "deployed to Mali": the small model tags both PERSON) is
    tried too; it only counts if the gazetteer knows it."""
    spans: list[tuple[int, int, str, int]] = []
    for ent in parsed.entities_in(sentence):
        if ent.label not in NOT_PLACES:
            start, end = _widen(parsed, sentence, ent.start, ent.end, ent.label)
            # "the Ladakh region": the added noun heads the phrase; "Pakistan-administered
            # Kashmir": the name does
            root = end - 1 if end > ent.end else _span_root(parsed, ent.start, ent.end)
            spans.append((start, end, ent.label, root))
    for tok in parsed.sentence_tokens(sentence):
        if tok.ent_type == "" and tok.pos == "PROPN" and tok.dep == "pobj":
            start = tok.i
            while start > sentence.start and parsed.tokens[start - 1].dep == "compound":
                start -= 1
            spans.append((*_widen(parsed, sentence, start, tok.i + 1, ""), "", tok.i))
    found: list[PlacePhrase] = []
    for start, end, label, root in spans:
        anchored = _anchor(parsed, root, label in PLACE_LABELS)
        if anchored is None:
            continue
        anchor, specific = anchored
        found.append(PlacePhrase(start, end, parsed.span_text(start, end), anchor, specific,
                                 label, not _in_relative_clause(parsed, anchor),
                                 _said_at(parsed, anchor)))  # fmt: skip
    return found


def _widen(
    parsed: ParsedDoc, sentence: Sentence, start: int, end: int, label: str
) -> tuple[int, int]:
    """Take in a following region word ("Ladakh region"), "capital" after a country
    ("the Saudi capital"), and a leading "X-administered" ("Pakistan-administered
    Kashmir")."""
    tokens = parsed.tokens
    if end < sentence.end and (
        tokens[end].text.lower() in REGION_NOUNS
        or (tokens[end].text.lower() == "capital" and label in ("NORP", "GPE"))
    ):
        end += 1
    if (
        start - 3 >= sentence.start
        and tokens[start - 1].text.lower() in CONTROL_WORDS
        and tokens[start - 2].text == "-"
    ):
        start -= 3
    return start, end


def _span_root(parsed: ParsedDoc, start: int, end: int) -> int:
    tokens = parsed.tokens
    return next((k for k in range(start, end) if not start <= tokens[k].head < end), end - 1)


def _anchor(parsed: ParsedDoc, root: int, is_place: bool) -> tuple[int, bool] | None:
    """The token tying a place (its name's head: ``root``) to its clause: the
    preposition of "in Kyiv" (also "in the suburbs of Kyiv", "in Kyiv's suburbs", "in
    the Kursk region"), or the verb of "visited Beijing"; and whether an "of" made it
    more specific. None when the words are not a place phrase (an actor, a subject)."""
    tokens = parsed.tokens
    i = root
    specific = hopped = False
    for _ in range(4):
        tok = tokens[i]
        while tok.dep in ("conj", "appos") and tok.head != tok.i:  # "in Pakistan and X"
            tok = tokens[tok.head]
        head = tokens[tok.head]
        if tok.dep in ("dobj", "nsubjpass") and head.lemma.lower() in PLACE_OBJECT_LEMMAS:
            # "shelled Kharkiv", "the campus was besieged", "shelled Kharkiv's suburbs";
            # not "visiting Ukraine officials"
            if not hopped or tok.lemma.lower() in PLACE_NOUNS:
                return head.i, specific
            return None
        if (
            tok.dep in ("poss", "compound", "nmod")
            and tok.head != tok.i
            and (is_place or tokens[tok.head].lemma.lower() in REGION_NOUNS)
        ):
            i, hopped = tok.head, True
            continue
        if tok.dep != "pobj" or tok.head == tok.i:
            return None
        word = head.text.lower()
        if word == "of" and tokens[head.head].pos in ("NOUN", "PROPN") and head.head != head.i:
            i, specific = head.head, True  # "the outskirts of Kyiv": go up to "outskirts"
            noun = tokens[i]
            if noun.lemma.lower() in PLACE_NOUNS and noun.dep in ("dobj", "nsubj", "nsubjpass"):
                return i, specific  # "shelled the outskirts of Kharkiv"
            continue
        if word not in PLACE_PREPS:
            return None
        if word in MOVEMENT_PREPS and tokens[head.head].lemma.lower() not in MOVEMENT_LEMMAS:
            return None
        return head.i, specific
    return None


def _in_relative_clause(parsed: ParsedDoc, i: int) -> bool:
    for _ in range(30):
        tok = parsed.tokens[i]
        if tok.head == i:
            return False
        if tok.dep in ("relcl", "acl"):
            return True
        i = tok.head
    return False


def _said_at(parsed: ParsedDoc, anchor: int) -> bool:
    """True for the place of a saying: "said in Brussels", "told reporters in Kyiv"."""
    i = anchor
    for _ in range(4):
        tok = parsed.tokens[i]
        if tok.pos in ("VERB", "AUX"):
            return tok.lemma.lower() in SPEECH_LEMMAS
        if tok.head == i:
            return False
        i = tok.head
    return False


class StoryPlaces:
    """The places of one article and the rules choosing an event's place."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        parsed: ParsedDoc,
        dateline: Dateline | None,
        actor_countries: Iterable[str | None],
        story_date: dt.date | None,
    ) -> None:
        self.gazetteer = gazetteer
        self.parsed = parsed
        self.dateline = dateline
        self.story_date = story_date  # the date the story's "today" is
        self._phrases = [place_phrases(parsed, s) for s in parsed.sentences]
        counted = Counter(c for c in actor_countries if c)
        base = PlaceContext(actor_countries=frozenset(c for c, _ in counted.most_common(4)))
        self.dateline_place = self._dateline_place(base)
        self.setting: Place | None = None
        if self.dateline is None:
            self.setting = self._setting(base)
        self.context = self._story_context(base)

    def _dateline_place(self, context: PlaceContext) -> Place | None:
        d = self.dateline
        if d is None:
            return None
        if d.city:
            found = self.gazetteer.lookup(d.city, d.country, context)
            if found is not None and (d.country is None or found.country == d.country):
                return found
        return self.gazetteer.countries.get(d.country) if d.country else None

    def _setting(self, context: PlaceContext) -> Place | None:
        """A story without a dateline: the city its opening paragraphs say its people
        speak or gather in ("Speaking at Labour's conference in Gateshead, ...", "at a
        summit in Brussels"), standing in for a dateline. Only a city or site named in
        full ("in Iraq" sets no story), in a country of the story's actors when it has
        any."""
        for sentence in self.parsed.sentences:
            if self._paragraph(sentence) >= SETTING_PARAGRAPHS:
                return None
            for phrase in self._phrases[sentence.index]:
                if not (phrase.main and (phrase.said or self._at_gathering(phrase))):
                    continue
                found = self._lookup(phrase, context, prefixes=False)
                if found is None or found.precision != "city":
                    continue
                # "said at a rally in Monroe on Nov. 6" in a story of Nov. 18: an
                # anecdote, not where the story is (dated last: dating is the dear part)
                said_when = event_date(self.parsed, sentence, phrase.anchor, self.story_date)
                if not self._is_current(said_when):
                    continue
                # in a country the story's actors are from, when it names any
                if not context.actor_countries or found.country in context.actor_countries:
                    return found
        return None

    def _at_gathering(self, phrase: PlacePhrase) -> bool:
        """ "a summit in Brussels", "talks in Doha": the place of a gathering."""
        head = self.parsed.tokens[self.parsed.tokens[phrase.anchor].head]
        return head.lemma.lower() in GATHERINGS

    def _story_context(self, base: PlaceContext) -> PlaceContext:
        """Countries and regions of the places the story names without a doubt (a name
        with namesakes in several countries says nothing), for settling namesakes."""
        countries: set[str] = set()
        regions: set[tuple[str, str]] = set()
        places: list[Place | None] = []
        names = {p.text for ps in self._phrases for p in ps}
        names.update(e.text for e in self.parsed.entities if e.label in PLACE_LABELS)
        for name in names:  # "Paris" in a story about "the Texas governor"
            found = self.gazetteer.candidates(name)
            if len({p.country for p in found}) == 1:
                places.append(self.gazetteer.lookup(name, None, base))
        if self.dateline is not None:
            places.append(self.dateline_place)
            for part in self.dateline.place.split(",")[1:]:
                if self.dateline.country:
                    places.append(
                        self.gazetteer.lookup(part.strip() + " region", self.dateline.country)
                    )
        for place in places:
            if place is None or place.country is None:
                continue
            countries.add(place.country)
            if place.admin1:
                regions.add((place.country, place.admin1))
        return PlaceContext(frozenset(), frozenset(countries), frozenset(regions),
                            base.actor_countries)  # fmt: skip

    def _paragraph(self, sentence: Sentence) -> int:
        return self.parsed.paragraph_of(sentence)

    def locate(
        self, sentence: Sentence, trigger_i: int, event: Event, when: EventDate
    ) -> tuple[Location | None, str | None]:
        """The event's location and its ``place_source`` (module docstring)."""
        context = self.context.with_events(a.country for a in (*event.source, *event.target))
        current = self._is_current(when)
        phrases = self._phrases[sentence.index]
        ranked = []
        for p in phrases:
            tier = clause_tier(self.parsed, p.anchor, trigger_i)
            if tier <= 1 and self._prep_depth(p.anchor, trigger_i) > MAX_PREP_DEPTH:
                tier = 3  # deep inside the event's object: after the sentence's places
                ranked.append((1, tier, abs(p.anchor - trigger_i), not p.specific, p))
            elif tier <= 1:
                ranked.append((0, tier, abs(p.anchor - trigger_i), not p.specific, p))
            elif (p.main and not (tier == 2 and p.said)) or self._on_argument(p, trigger_i):
                ranked.append((1, tier, abs(p.anchor - trigger_i), not p.specific, p))
        unknown_in_clause = False
        for level, *_rest, p in sorted(ranked, key=lambda r: r[:4]):
            found = self._lookup(p, context)
            if found is None:
                unknown_in_clause = unknown_in_clause or (level == 0 and p.label in PLACE_LABELS)
                continue
            if current and found.precision == "country" and self.dateline_place is not None:
                if self.dateline_place.country == found.country:
                    return self.dateline_place.location(), "dateline"
            return found.location(), "text"
        running = self._running_place(sentence, context)
        if running is not None:
            return running.location(), "paragraph"
        story, source = (self.dateline_place, "dateline") if self.dateline else (self.setting, "story")
        if unknown_in_clause or not current or story is None:
            return None, None
        if event.cameo[:2] in FORCE_ROOTS and not _happens_in(story, event):
            return None, None
        return story.location(), source

    def _prep_depth(self, anchor: int, trigger_i: int) -> int:
        """Prepositions from the anchor up to the trigger's clause, the anchor's own
        included ("an attack on a camp in Darfur": 2)."""
        depth, i = 0, anchor
        for _ in range(30):
            tok = self.parsed.tokens[i]
            if i == trigger_i or tok.head == i or tok.pos in ("VERB", "AUX"):
                return depth
            depth += tok.dep == "prep"
            i = tok.head
        return depth

    def _running_place(self, sentence: Sentence, context: PlaceContext) -> Place | None:
        paragraph = self._paragraph(sentence)
        for index in range(sentence.index - 1, -1, -1):
            earlier = self.parsed.sentences[index]
            if self._paragraph(earlier) != paragraph:
                return None
            for p in reversed(self._phrases[index]):
                if p.main:
                    found = self._lookup(p, context)
                    if found is not None:
                        return found
        return None

    def _lookup(
        self, phrase: PlacePhrase, context: PlaceContext, prefixes: bool = True
    ) -> Place | None:
        """The place a phrase names; for a name the gazetteer does not know, the place
        its first words name ("Hong Kong Polytechnic University": Hong Kong)."""
        found = self.gazetteer.lookup(phrase.text, None, context)
        words = phrase.text.split() if phrase.label in PREFIX_LABELS and prefixes else []
        for n in range(len(words) - 1, 0, -1):
            if found is not None:
                break
            found = self.gazetteer.lookup(" ".join(words[:n]), None, context)
            if found is not None and n == 1 and found.precision == "city":
                # one word of a longer name is a place only if it is a big one:
                # "Kabul airport", not "San" (Mali) of "San Jose State"
                found = found if found.population >= MAJOR_CITY else None
        return found

    def _on_argument(self, phrase: PlacePhrase, trigger_i: int) -> bool:
        """A relative clause on the trigger (a noun: "the protests that began in X") or
        on the trigger's own object tells where that thing is:
        "crushed the protests that began in Tiananmen Square" (not so on its subject:
        "the minister, who lives in Lyon, met ...")."""
        i = phrase.anchor
        for _ in range(8):
            tok = self.parsed.tokens[i]
            if tok.head == i:
                return False
            if tok.dep == "relcl":
                thing = self.parsed.tokens[tok.head]
                if thing.i == trigger_i:  # "protests that began in Tiananmen Square"
                    return True
                return thing.head == trigger_i and thing.dep in ("dobj", "nsubjpass")
            i = tok.head
        return False

    def _is_current(self, when: EventDate) -> bool:
        """The story's own news: dated by the story's date, or in the week before it."""
        if when.precision == "before":
            return False
        if when.source not in ("text", "paragraph"):
            return True
        if when.date is None or when.precision not in ("day", "week"):
            return False
        if self.story_date is None:
            return False
        return -1 <= (self.story_date - when.date).days <= CURRENT_DAYS



def _happens_in(place: Place, event: Event) -> bool:
    """Force is placed at the dateline (or the story's setting) only in its target's
    country (its source's when the target has none; anywhere when neither side's
    country is known)."""
    targets = {a.country for a in event.target if a.country}
    sides = targets or {a.country for a in event.source if a.country}
    return place.country is not None and (not sides or place.country in sides)
