"""The knowledge that decides what is a political event, without spaCy: actor kinds, what
each PLOVER type admits, the topic lexicon, ambiguous verbs, idioms, the confidence model
and the evaluation error listing."""

from __future__ import annotations

import pytest

from newsevents.coding.cameo import CameoTables
from newsevents.coding.confidence import FEATURE_NAMES, ConfidenceModel
from newsevents.coding.patterns import (
    AMBIGUOUS_FILE,
    PatternBook,
    load_word_list,
    parse_patterns,
)
from newsevents.coding.scope import ActorKinds, Admission, Topic, TopicLexicon, TypeRoles
from newsevents.countries import CountryIndex
from newsevents.evaluate import GoldActor, GoldEvent
from newsevents.evaluate_errors import match_events
from newsevents.model import Actor, Event
from newsevents.parsed import ParsedDoc, Sentence, Token

NO_TOPIC = Topic(None, 0.0, 0.0)
SPORT = Topic("sport", 4.0, 0.0)


@pytest.fixture(scope="module")
def admission() -> Admission:
    return Admission(ActorKinds.load(CountryIndex.load()), TypeRoles.load())


def event(plover: str, source: list[Actor], target: list[Actor], cameo: str = "111") -> Event:
    return Event("a", 0, "s", "t", (0, 1), tuple(source), tuple(target), cameo, plover)


GOV = Actor("the Chinese foreign ministry", None, "CHNGOV", "CHN", "GOV")
USA = Actor("Washington", None, "USAGOV", "USA", "GOV")
ATHLETE = Actor("British sprinter Kelly Holmes", "Kelly Holmes", "GBR", "GBR", None)
STATE = Actor("Ireland", None, "IRL", "IRL", None)
FIRM = Actor("Tesco", None, "GBRBUS", "GBR", "BUS")
CROWD = Actor("students", None, "SRBCVL", "SRB", "CVL")
POLICE = Actor("police", None, "SRBCOP", "SRB", "COP")
DRONES = Actor("drones", None, "RUSMIL", "RUS", "MIL")


def test_actor_kinds(admission: Admission) -> None:
    kinds = admission.kinds
    assert kinds.kind(GOV) == "government"
    assert kinds.kind(ATHLETE) == "person"
    assert kinds.kind(STATE) == "state"
    assert kinds.kind(Actor("Walter Reed", "Walter Reed", None)) == "unknown"
    assert kinds.is_political(STATE, NO_TOPIC) and not kinds.is_political(STATE, SPORT)
    assert not kinds.is_political(FIRM, NO_TOPIC)


def test_every_event_needs_a_political_actor(admission: Admission) -> None:
    assert admission.judge(event("ACCUSE", [FIRM], [ATHLETE]), NO_TOPIC) is None
    assert admission.judge(event("ACCUSE", [FIRM], [GOV]), NO_TOPIC) is not None


def test_a_country_in_a_sport_story_is_a_team(admission: Admission) -> None:
    e = event("ASSAULT", [STATE], [ATHLETE], "182")
    assert admission.judge(e, NO_TOPIC) is not None
    assert admission.judge(e, SPORT) is None


def test_protesters_act_politically_with_no_addressee(admission: Admission) -> None:
    assert admission.judge(event("PROTEST", [CROWD], [], "141"), NO_TOPIC) is not None


def test_coercion_needs_a_state_body_or_armed_group(admission: Admission) -> None:
    assert admission.judge(event("COERCE", [FIRM], [CROWD], "173"), NO_TOPIC) is None
    assert admission.judge(event("COERCE", [POLICE], [CROWD], "173"), NO_TOPIC) is not None


def test_consult_needs_a_second_party(admission: Admission) -> None:
    assert admission.judge(event("CONSULT", [GOV], [], "040"), NO_TOPIC) is None
    assert admission.judge(event("CONSULT", [GOV], [USA], "040"), NO_TOPIC) is not None


def test_a_weapon_is_no_target_and_nobody_acts_on_itself(admission: Admission) -> None:
    e = admission.judge(event("ASSAULT", [USA], [DRONES], "190"), NO_TOPIC)
    assert e is not None and e.target == ()
    assert admission.judge(event("CONSULT", [GOV], [GOV], "040"), NO_TOPIC) is None


def _doc(words: list[str]) -> ParsedDoc:
    toks, pos = [], 0
    for i, w in enumerate(words):
        toks.append(Token(i, w, w.lower(), "NOUN", "NN", "dep", 0, pos))
        pos += len(w) + 1
    text = " ".join(words)
    return ParsedDoc(text, tuple(toks), (Sentence(0, 0, len(toks), 0, len(text), text),))


def test_topic_of_a_story_by_its_words() -> None:
    lexicon = TopicLexicon.load()
    sport = _doc("the striker scored in the match as the coach watched the league season".split())
    assert lexicon.topic(sport).domain == "sport"
    politics = _doc("the minister told parliament the coach would wait for the election".split())
    assert lexicon.topic(politics).domain is None
    assert lexicon.topic(_doc([])).domain is None  # an empty text has no topic


def test_an_ambiguous_verb_never_codes_by_its_lemma_alone() -> None:
    codes = CameoTables.load().codes
    lines = "190 fire\n190 fire at=*\n193 shoot\n183 bomb\n--- fire prt=up\n030 pledge marker\n"
    patterns = parse_patterns(lines, "verbs.txt", codes)
    book = PatternBook(patterns, frozenset({"fire", "shoot", "pledge"}))
    kept = {(p.trigger, p.code, len(p.conditions)) for p in book}
    assert ("fire", "190", 0) not in kept and ("shoot", "193", 0) not in kept
    assert ("fire", "190", 1) in kept and ("bomb", "183", 0) in kept
    assert ("fire", "---", 1) in kept and ("pledge", "030", 0) in kept  # silencers, markers stay


def test_the_shipped_ambiguity_list_covers_the_issue_s_verbs() -> None:
    listed = load_word_list(AMBIGUOUS_FILE)
    for verb in ("fire", "shoot", "strike", "hit", "beat", "attack", "fight", "struggle",
                 "compete", "search", "examine", "charge", "warn", "suggest", "call", "claim",
                 "back", "hold"):  # fmt: skip
        assert verb in listed
    book = PatternBook.load(CameoTables.load().codes)
    assert not any(p.trigger in listed and not p.conditions and p.code[:2] not in ("--", "01")
                   and not p.marker and p.pos == "verb" for p in book)  # fmt: skip


def test_idioms_file_silences_with_conditions() -> None:
    book = PatternBook.load(CameoTables.load().codes)
    idioms = [p for p in book if p.origin.startswith("idioms.txt")]
    assert len(idioms) >= 30
    assert all(p.conditions for p in idioms)


def test_confidence_model_loads_and_ranks_evidence() -> None:
    model = ConfidenceModel.load()
    assert set(model.weights) <= set(FEATURE_NAMES)
    strong = {"rule=verbs": 1.0, "specific": 1.0, "source_political": 1.0,
              "target": 1.0, "target_political": 1.0}  # fmt: skip
    weak = {"rule=verbs_cameo": 1.0, "topic_off": 1.0}
    assert 0.0 < model.score(weak) < model.score(strong) < 1.0


def test_error_listing_pairs_type_then_sentence() -> None:
    g_acc = GoldEvent((GoldActor("GBR"),), (GoldActor("GBR"),), "ACCUSE", sentence="s")
    g_req = GoldEvent((GoldActor("USA"),), (), "REQUEST", sentence="other")
    right = event("ACCUSE", [Actor("x", None, "GBRGOV", "GBR", "GOV")],
                  [Actor("y", None, "GBRPTY", "GBR", "PTY")])  # fmt: skip
    spurious = event("ASSAULT", [USA], [GOV], "190")
    kinds = sorted(k for k, _, _ in match_events([g_acc, g_req], [right, spurious]))
    assert kinds == ["missed", "right", "spurious"]
