"""Precision on real news (issue #10), on real parses of sentences we wrote: scope, word
sense, idioms, speech and opinion, roles and countries, coreference, headlines."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.model import Article, Event
from newsevents.nlp import to_parsed

pytestmark = pytest.mark.slow

DAY = dt.date(2024, 7, 27)


def code(pipeline: object, *paragraphs: str) -> list[Event]:
    article = Article(id="t", date=DAY, paragraphs=paragraphs)
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    mentions = pipeline.resolver.resolve(parsed, article)  # type: ignore[attr-defined]
    return pipeline.coder.code(article, parsed, mentions)  # type: ignore[attr-defined]


def facts(events: list[Event], plover: str | None = None) -> list[Event]:
    return [e for e in events if e.factual and (plover is None or e.plover == plover)]


def countries(actors: tuple[object, ...]) -> set[str | None]:
    return {a.country for a in actors}  # type: ignore[attr-defined]


SPORT_STORY = (
    "England beat Wales in the Six Nations match at Twickenham on Saturday.",
    "The visitors struggled after their captain limped off with a hamstring injury, and "
    "the England coach said his players attacked the line with real pace. The striker shot "
    "into the lead before half-time as fans filled the stadium for the tournament.",
    "France will host Ireland in the next fixture of the championship, and the squad "
    "travels to Paris for the match on Thursday.",
)


def test_a_sport_story_yields_no_political_events(pipeline: object) -> None:
    assert facts(code(pipeline, *SPORT_STORY)) == []


def test_a_minister_acting_in_a_sport_story_is_still_an_event(pipeline: object) -> None:
    events = code(pipeline, *SPORT_STORY,
                  "Prime Minister Keir Starmer praised the England team after the match.")  # fmt: skip
    assert [e.plover for e in facts(events)] == ["SUPPORT"]


@pytest.mark.parametrize("text", [
    "The Labour leader fired up the crowd in Manchester.",
    "Veteran senators are hanging up their boots after the vote.",
    "The minister's memoir shot into the charts last week.",
    "The senator struggled with a knee injury during the campaign.",
    "President Biden fired his campaign manager on Tuesday.",
])  # fmt: skip
def test_idioms_and_metaphors_are_no_violence(pipeline: object, text: str) -> None:
    assert facts(code(pipeline, text), "ASSAULT") == []


def test_warning_of_a_shortage_is_no_threat(pipeline: object) -> None:
    events = code(pipeline, "The Egyptian trade minister warned of a shortage of wheat.")
    assert facts(events, "THREATEN") == []


def test_warning_of_retaliation_is_a_threat(pipeline: object) -> None:
    events = code(pipeline, "Iran warned of retaliation if Israel attacked its nuclear sites.")
    (e,) = facts(events, "THREATEN")
    assert countries(e.source) == {"IRN"}


def test_suggesting_a_claim_is_no_request(pipeline: object) -> None:
    events = code(pipeline, "Chancellor Gordon Brown suggested that Labour would win easily.")
    assert facts(events, "REQUEST") == []


def test_suggesting_that_someone_act_is_a_request(pipeline: object) -> None:
    events = code(pipeline, "The French government suggested that Iran should resume talks on "
                            "its nuclear programme.")  # fmt: skip
    (e,) = facts(events, "REQUEST")
    assert countries(e.source) == {"FRA"} and countries(e.target) == {"IRN"}


@pytest.mark.parametrize("text", [
    "The Kremlin did not respond to a request for comment.",
    "A spokesman for the Pentagon declined to comment.",
    "The foreign ministry refused to say whether the envoy would return.",
])  # fmt: skip
def test_boilerplate_codes_nothing(pipeline: object, text: str) -> None:
    assert facts(code(pipeline, text)) == []


def test_a_question_reports_nothing(pipeline: object) -> None:
    events = code(pipeline, "Did Russia attack Ukrainian positions near Kharkiv on Friday?")
    assert facts(events) == []


def test_passive_with_agent_gives_the_accuser(pipeline: object) -> None:
    events = code(pipeline, "The Indian government was accused by Pakistan of funding militants.")
    (e,) = facts(events, "ACCUSE")
    assert countries(e.source) == {"PAK"} and countries(e.target) == {"IND"}


def test_unnamed_authorities_are_of_the_place_not_of_the_detained(pipeline: object) -> None:
    events = code(pipeline, "Two Iranian diplomats were detained in Baghdad and expelled.")
    (e,) = facts(events, "COERCE")
    assert countries(e.source) == {"IRQ"} and countries(e.target) == {"IRN"}


def test_a_shared_passive_subject_is_the_target(pipeline: object) -> None:
    events = code(pipeline, "The Australian was evicted in April and sentenced to 50 weeks "
                            "in jail by a British court.")  # fmt: skip
    assert all("AUS" not in countries(e.source) for e in facts(events))


def test_criticism_in_reported_speech_is_an_accusation(pipeline: object) -> None:
    events = code(pipeline, "The Conservative Party said Prime Minister Tony Blair's comments "
                            "were \"highly irresponsible\".")  # fmt: skip
    (e,) = facts(events, "ACCUSE")
    assert e.pattern == "derived:stance"
    assert countries(e.target) == {"GBR"}


def test_plain_said_is_no_event(pipeline: object) -> None:
    events = code(pipeline, "Prime Minister Tony Blair said the election would be held in May.")
    assert facts(events) == []


def test_praise_in_reported_speech_is_support(pipeline: object) -> None:
    events = code(pipeline, "U.S. President Donald Trump said Governor Matt Bevin had done a "
                            "wonderful job.")  # fmt: skip
    assert [e.plover for e in facts(events)] == ["SUPPORT"]


def test_a_country_named_nearby_does_not_place_an_official(pipeline: object) -> None:
    events = code(
        pipeline,
        "Labour MPs and Tory leaders clashed over arts funding in the Welsh assembly.",
        "Culture Minister Alun Pugh said it would be \"crass and ignorant\" to liken the "
        "review to Hitler's Germany, and criticised Tory MPs.",
    )  # fmt: skip
    pugh = [a for e in events for a in e.source if a.name == "Alun Pugh"]
    assert pugh and all(a.country != "DEU" for a in pugh)


def test_he_is_the_person_last_named(pipeline: object) -> None:
    events = code(
        pipeline,
        "Michael Howard, the Conservative leader, spoke in London on Monday.",
        "He accused ministers of wasting money on failed schemes.",
    )  # fmt: skip
    (e,) = facts(events, "ACCUSE")
    assert [a.name for a in e.source] == ["Michael Howard"]


def test_a_chief_executive_warning_is_no_event(pipeline: object) -> None:
    events = code(pipeline, "The chief executive of Tesco warned that sales would fall.")
    assert facts(events) == []


def test_a_headline_restated_by_the_lead_is_one_event(pipeline: object) -> None:
    events = code(
        pipeline,
        "China condemns Japan over island visit",
        "China condemned Japan on Saturday over a visit by Japanese lawmakers to the disputed "
        "islands.",
    )  # fmt: skip
    assert len(facts(events, "ACCUSE")) == 1


def test_every_event_has_a_confidence_from_the_model(pipeline: object) -> None:
    events = code(pipeline, "Russian troops attacked Ukrainian positions near Kharkiv on Friday.")
    (e,) = facts(events, "ASSAULT")
    assert 0.0 < e.confidence < 1.0 and e.pattern.startswith("verbs.txt:")


def test_a_politician_attacking_a_rival_is_criticism(pipeline: object) -> None:
    events = code(pipeline, "Senator Elizabeth Warren attacked the Republican Party over its "
                            "tax plan on Tuesday.")  # fmt: skip
    assert facts(events, "ASSAULT") == []
    assert [e.cameo for e in facts(events, "ACCUSE")] == ["111"]


def test_announcing_a_deal_is_not_the_deal(pipeline: object) -> None:
    events = code(pipeline, "The White House announced the trade deal with China on Friday.")
    assert facts(events, "COOPERATE") == [] and facts(events, "AGREE") == []


def test_striking_a_deal_is_agreeing_to_it_not_an_attack(pipeline: object) -> None:
    events = facts(code(pipeline, "Armenia struck a deal with Azerbaijan on the peace treaty."))
    assert [(e.cameo, countries(e.source), countries(e.target)) for e in events] == [
        ("030", {"ARM"}, {"AZE"})
    ]


@pytest.mark.parametrize("text", [
    "Terrorists might try to target Britain before the election.",
    "Russia could seek to attack Ukraine again.",
])  # fmt: skip
def test_a_modal_on_the_governing_verb_makes_a_possibility(pipeline: object, text: str) -> None:
    events = [e for e in code(pipeline, text) if e.plover in ("ASSAULT", "THREATEN")]
    assert events and {e.modality for e in events} == {"hypothetical"}


def test_a_plan_without_a_modal_stays_future(pipeline: object) -> None:
    events = code(pipeline, "Iran will try to attack Israel.")
    assert [e.modality for e in events if e.plover == "ASSAULT"] == ["future"]


@pytest.mark.parametrize(("text", "plover"), [
    ("President Trump assailed Senator Lindsey Graham over the vote.", "ACCUSE"),
    ("The Japanese government resisted calls from China to apologise.", "REJECT"),
])  # fmt: skip
def test_criticism_and_resisted_calls(pipeline: object, text: str, plover: str) -> None:
    assert [e.plover for e in facts(code(pipeline, text))] == [plover]


def test_refusing_to_answer_questions_is_no_rejection(pipeline: object) -> None:
    assert facts(code(pipeline, "Tony Blair refused to answer further questions on the issue.")) == []


@pytest.mark.parametrize("text", [
    "Iran was unwilling to resume talks with the United States.",
    "Germany is hesitant to send tanks to Ukraine.",
    "The two sides were unable to reschedule a meeting between Biden and Xi Jinping.",
])  # fmt: skip
def test_unwilling_hesitant_unable_is_not_done(pipeline: object, text: str) -> None:
    assert [e.plover for e in facts(code(pipeline, text)) if e.plover != "REJECT"] == []


def test_a_message_sent_to_no_one_is_no_consultation(pipeline: object) -> None:
    assert facts(code(pipeline, "President Trump sent a similar message ahead of the Virginia elections.")) == []
    events = facts(code(pipeline, "President Biden sent a letter to the British prime minister."))
    assert [(e.plover, countries(e.target)) for e in events] == [("CONSULT", {"GBR"})]


@pytest.mark.parametrize(("text", "expected"), [
    ("Serbian President Vojislav Kostunica promised to democratize Serbia.", ["AGREE"]),
    ("China pledged to work with Russia on energy.", ["AGREE"]),
    ("Other public sector unions have pledged to follow.", []),
    ("The chancellor vowed to continue the fight against child poverty.", []),
])  # fmt: skip
def test_a_promise_is_an_event_when_it_is_to_someone(
    pipeline: object, text: str, expected: list[str]
) -> None:
    assert [e.plover for e in facts(code(pipeline, text))] == expected


def test_speaking_to_reporters_is_no_consultation(pipeline: object) -> None:
    text = "Speaking to reporters afterwards, a senior State Department official said Blinken had left."
    assert [e for e in facts(code(pipeline, text)) if e.plover == "CONSULT"] == []
    events = facts(code(pipeline, "Secretary of State Antony Blinken spoke to Chinese Foreign "
                                  "Minister Wang Yi on Saturday."))  # fmt: skip
    assert [e.plover for e in events] == ["CONSULT"]


@pytest.mark.parametrize(("text", "cameo", "source", "target"), [
    ("Norway has provided $40 million in emergency aid to Sudan this year.", "070", "NOR", "SDN"),
    ("Canada allocated 12 million dollars in funding to Haiti.", "07", "CAN", "HTI"),
    ("Japan gave 200 rifles to the Philippine army last week.", "072", "JPN", "PHL"),
])  # fmt: skip
def test_an_amount_is_read_for_what_it_holds(
    pipeline: object, text: str, cameo: str, source: str, target: str
) -> None:
    events = [e for e in code(pipeline, text) if e.plover == "AID"]
    assert events, text
    e = events[0]
    assert e.cameo.startswith(cameo)
    assert (countries(e.source), countries(e.target)) == ({source}, {target})


def test_an_event_named_by_an_object_takes_its_verbs_subject_and_markers(pipeline: object) -> None:
    (e,) = [e for e in code(pipeline, "Turkey says it will begin a new military operation "
                                      "against Kurdish fighters in Syria.") if e.plover == "ASSAULT"]  # fmt: skip
    assert (countries(e.source), e.modality, e.factual) == ({"TUR"}, "future", False)
    (e,) = code(pipeline, "Germany did not begin an offensive against France.")
    assert e.negated and not e.factual


@pytest.mark.parametrize(("text", "plover", "source"), [
    ("The navies of Chile and Peru performed joint war games last month.", "COOPERATE", "CHL"),
    ("Washington lowered tariffs on Mexican steel in May.", "RETREAT", "USA"),
    ("The rebels laid down their arms in the capital of Colombia on Sunday.", "RETREAT", "COL"),
    ("The US Agency for International Development sent food aid to Haiti.", "AID", "USA"),
    ("The Department for International Development sent aid to Liberia.", "AID", "GBR"),
])  # fmt: skip
def test_material_cooperation_in_its_common_words(
    pipeline: object, text: str, plover: str, source: str
) -> None:
    assert (plover, {source}) in [(e.plover, countries(e.source)) for e in facts(code(pipeline, text))]


def test_a_light_verb_takes_the_meaning_of_its_curated_object(pipeline: object) -> None:
    # PETRARCH's "launch an effort" is an appeal (020); a mediation effort is mediation
    events = facts(code(pipeline, "Kuwait launched a mediation effort between Qatar and Saudi Arabia."))
    assert [(e.cameo, countries(e.source)) for e in events] == [("045", {"KWT"})]


@pytest.mark.parametrize(("text", "plover", "source"), [
    ("Serbian forces imposed blockades around Albanian villages in Kosovo.", "COERCE", "SRB"),
    ("The Russian army intensified its bombardment of Ukrainian positions near Bakhmut.", "ASSAULT", "RUS"),
    ("Syrian government troops captured the mosque in Aleppo last week.", "ASSAULT", "SYR"),
])  # fmt: skip
def test_force_named_by_the_object_of_its_verb(
    pipeline: object, text: str, plover: str, source: str
) -> None:
    assert (plover, {source}) in [(e.plover, countries(e.source)) for e in facts(code(pipeline, text))]


def test_a_government_is_a_target_not_people_sent(pipeline: object) -> None:
    text = ("Tony Blair said the government would act.", "The Tories backed the government on the bill.")
    events = [e for e in facts(code(pipeline, *text)) if e.plover == "SUPPORT"]
    assert [(e.source[0].code, e.target[0].code if e.target else None) for e in events] == [("GBRPTY", "GBRGOV")]
    # people a country sends stay no target of the sending
    events = facts(code(pipeline, "France sent troops to the border."))
    assert all(not e.target or countries(e.target) != {"FRA"} for e in events)


def test_an_institute_named_in_between_is_not_who_he_is(pipeline: object) -> None:
    events = facts(code(pipeline, "Tory leader Michael Howard spoke in the Commons on Wednesday.",
                        "Mr Howard pointed to the Institute for Fiscal Studies' predictions on tax. "
                        "He accused ministers of wasting money."))  # fmt: skip
    assert [(e.plover, e.source[0].code) for e in events if e.plover == "ACCUSE"] == [("ACCUSE", "GBRPTY")]


def test_taking_in_refugees_and_refusing_to(pipeline: object) -> None:
    events = facts(code(pipeline, "Germany accepted 1,500 Syrian refugees last year."))
    assert [(e.cameo, countries(e.source)) for e in events] == [("075", {"DEU"})]
    events = facts(code(pipeline, "Hungary says it will not accept any more asylum seekers."))
    assert [(e.plover, countries(e.source)) for e in events if e.plover] == [("REJECT", {"HUN"})]


def test_who_lets_someone_free_frees_them(pipeline: object) -> None:
    events = facts(code(pipeline, "Ethiopia let free some 74 political leaders on Monday."))
    assert [(e.plover, countries(e.source)) for e in events] == [("RETREAT", {"ETH"})]


def test_wanting_someone_to_act_is_a_demand_on_them(pipeline: object) -> None:
    events = facts(code(pipeline, "The US wants the UK to extradite the suspect over the leaks."))
    assert [(e.plover, countries(e.source), countries(e.target)) for e in events] == [
        ("REQUEST", {"USA"}, {"GBR"})
    ]
    assert facts(code(pipeline, "Voters in Ohio want change.")) == []
    assert facts(code(pipeline, "The home secretary wants young people to feel they belong.")) == []


def test_support_for_a_deed_of_force_is_not_for_its_victim(pipeline: object) -> None:
    (e,) = facts(code(pipeline, "British MPs backed the invasion of Iraq in 2003."))
    assert (e.plover, e.target) == ("SUPPORT", ())
    (e,) = facts(code(pipeline, "Washington welcomed the Israeli strike on Iran."))
    assert (e.plover, countries(e.target)) == ("SUPPORT", {"ISR"})


def test_what_someone_should_have_done_is_a_reproach_not_a_demand(pipeline: object) -> None:
    # "should have acted" is past: criticism of the government, not a request to it
    events = facts(code(pipeline, "The Kenyan opposition leader said the government "
                                  "should have acted sooner."))  # fmt: skip
    assert [(e.plover, e.cameo) for e in events] == [("ACCUSE", "111")]
    assert countries(events[0].target) == {"KEN"}
    # "should act" is still a demand; "must have known" an inference, neither
    (demand,) = facts(code(pipeline, "The Kenyan opposition leader said the government "
                                     "should act now."))  # fmt: skip
    assert demand.plover == "REQUEST"
    assert not facts(code(pipeline, "The Kenyan minister said Germany must have known "
                                    "about the plan."))  # fmt: skip


def test_reaching_a_deal_is_agreeing_and_signing_it_is_finalising(pipeline: object) -> None:
    (reached,) = facts(code(pipeline, "India and Japan reached a trade deal on Friday."))
    assert (reached.plover, reached.cameo) == ("AGREE", "030")
    (signed,) = facts(code(pipeline, "India and Japan signed a trade deal on Friday."))
    assert (signed.plover, signed.cameo) == ("SUPPORT", "057")


def test_what_an_announcement_says_happened_is_reported(pipeline: object) -> None:
    # a finite clause on a noun is an event of its own, and what an announcement says
    # happened is reported, not wished for
    text = ("Despite the announcement that India and Japan had reached a trade deal, "
            "signing it has proved elusive.")  # fmt: skip
    (deal,) = facts(code(pipeline, text))
    assert (deal.plover, countries(deal.source) | countries(deal.target)) == (
        "AGREE", {"IND", "JPN"})  # fmt: skip
    # what is demanded is not: "demanded an admission that ... murdered ..."
    text = ("Poland's parliament demanded an admission by Moscow that Soviet security "
            "forces murdered Polish officers.")  # fmt: skip
    assert not facts(code(pipeline, text), "ASSAULT")
    # nor the content of a demand: "its demand that Israel ease the blockade"
    assert not facts(code(pipeline, "Egypt repeated its demand that Israel ease the blockade."),
                     "RETREAT")  # fmt: skip


def test_an_event_noun_takes_the_modal_of_the_clause_it_is_subject_of(pipeline: object) -> None:
    (aid,) = [e for e in code(pipeline, "U.S. aid to Ukraine might be freed next month.")
              if e.plover == "AID"]  # fmt: skip
    assert aid.modality == "hypothetical" and not aid.factual
    (talks,) = [e for e in code(pipeline, "Talks between Serbia and Kosovo did not resume.")
                if e.plover == "CONSULT"]  # fmt: skip
    assert talks.negated


def test_calming_words_are_no_repression(pipeline: object) -> None:
    assert not code(pipeline, "The Kenyan government sought to quell speculation about the loan.")
    assert facts(code(pipeline, "Kenyan police quelled the riot in Nairobi."), "ASSAULT")


def test_a_visit_needs_a_host_that_is_an_actor(pipeline: object) -> None:
    # a hospital nothing codes is no host; a country is
    assert not facts(code(pipeline, "President Ruto's visit to Walter Reed lasted an hour."))
    (visit,) = facts(code(pipeline, "President Ruto's visit to Japan lasted a week."))
    assert visit.plover == "CONSULT" and countries(visit.target) == {"JPN"}


def test_praise_names_whom_it_praises_as_its_subject(pipeline: object) -> None:
    text = "The Kenyan president said it would be a good way of recognising Ugandan soldiers."
    assert not facts(code(pipeline, text), "SUPPORT")
    (praise,) = facts(code(pipeline, "The Kenyan president said the governor has done a "
                                     "wonderful job."))  # fmt: skip
    assert praise.plover == "SUPPORT"


def test_what_a_source_claims_happened_is_reported(pipeline: object) -> None:
    text = "Kenya's opposition claims the police arrested dozens of protesters in Nairobi."
    (arrest,) = facts(code(pipeline, text), "COERCE")
    assert arrest.modality in ("asserted", "reported")
    # an accusation of a deed is still no report that it happened
    text = "Kenya's opposition accused the police of arresting dozens of protesters."
    assert not facts(code(pipeline, text), "COERCE")


def test_a_court_finding_against_someone_is_116_and_a_study_finds_nothing(
    pipeline: object,
) -> None:
    (ruling,) = facts(code(pipeline, "Kenya's High Court found that the interior ministry "
                                     "had acted illegally."))  # fmt: skip
    assert (ruling.plover, ruling.cameo) == ("ACCUSE", "116")
    assert not facts(code(pipeline, "A Kenyan study found that the interior ministry had "
                                    "acted illegally."))  # fmt: skip


def test_deriding_and_saying_how_is_one_criticism(pipeline: object) -> None:
    events = facts(code(pipeline, "The Kenyan opposition leader derided the budget, saying "
                                  "it was a disgrace."))  # fmt: skip
    assert [(e.plover, e.trigger) for e in events] == [("ACCUSE", "derided")]


def test_words_of_criticism_in_what_a_politician_says(pipeline: object) -> None:
    (e,) = facts(code(pipeline, "The Kenyan opposition leader said the finance minister was "
                                "up to his old trick of hiding the deficit."))  # fmt: skip
    assert e.plover == "ACCUSE" and countries(e.target) == {"KEN"}


def test_an_army_in_the_streets_shows_force_and_does_not_protest(pipeline: object) -> None:
    (army,) = facts(code(pipeline, "Chinese troops took to the streets of Hong Kong this weekend."))
    assert (army.plover, army.cameo) == ("MOBILIZE", "150")
    (teachers,) = facts(code(pipeline, "Thousands of Kenyan teachers took to the streets of "
                                       "Nairobi."))  # fmt: skip
    assert teachers.plover == "PROTEST"


def test_a_conversation_between_two_sides_is_talk(pipeline: object) -> None:
    events = facts(code(pipeline, "Kenya's foreign minister held a long conversation with "
                                  "the Ugandan president."))  # fmt: skip
    assert [e.plover for e in events] == ["CONSULT"]


def test_it_is_likely_that_is_a_guess(pipeline: object) -> None:
    text = "It is likely that more Kenyan teachers stand by the Kenyan government."
    assert not facts(code(pipeline, text))
    assert facts(code(pipeline, "Kenyan teachers stand by the Kenyan government."), "SUPPORT")


def test_done_to_oneself_is_no_event_unless_someone_else_is_named(pipeline: object) -> None:
    assert not facts(code(pipeline, "In each case, President Ruto tied himself to the outcome."))
    (e,) = facts(code(pipeline, "Key Security Council powers distanced themselves from the "
                                "US position."))  # fmt: skip
    assert countries(e.target) == {"USA"}


def test_dragged_out_by_police_is_an_arrest_and_a_swap_of_hostages_a_release(
    pipeline: object,
) -> None:
    events = code(pipeline, "The Kenyan activist refused to leave. He was dragged out of the "
                            "embassy by British police.")  # fmt: skip
    assert [(e.cameo, countries(e.source)) for e in events if e.plover == "COERCE"] == [
        ("173", {"GBR"})
    ]
    assert not code(pipeline, "The Kenyan talks dragged out for months.")
    (swap,) = facts(code(pipeline, "The Taliban swapped two Western hostages for three of its "
                                   "commanders."))  # fmt: skip
    assert (swap.plover, swap.cameo) == ("RETREAT", "0841")
