"""Placing actors the text does not give a country: ethnic groups, conjoined
nationalities, victims placed where the event happened, coordinated agents, "its"; and
user actor files that name places no ISO list knows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsevents.actors import ActorResolver, KnowledgeBase
from newsevents.model import Article
from newsevents.nlp import to_parsed


def codes(pipeline: object, text: str) -> dict[str, list[str | None]]:
    """Mention text -> the codes of its actors."""
    article = Article(id="t", date=dt.date(2024, 7, 27), paragraphs=(text,))
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    resolver: ActorResolver = pipeline.resolver  # type: ignore[attr-defined]
    return {
        parsed.span_text(m.start, m.end): [a.code for a in m.actors]
        for m in resolver.resolve(parsed, article)
    }


@pytest.mark.slow
def test_an_ethnic_group_is_placed_where_it_lives(pipeline: object) -> None:
    found = codes(pipeline, "Ethnic Hungarian protesters in Romania blocked a road.")
    assert list(found.values()) == [["ROUCVL"]]


@pytest.mark.slow
def test_conjoined_nationality_adjectives_share_the_noun(pipeline: object) -> None:
    found = codes(pipeline, "Sierra Leonean and Liberian refugees fled to Guinea.")
    assert found["Sierra Leonean and Liberian refugees"] == ["SLEREF", "LBRREF"]


@pytest.mark.slow
def test_unplaced_victims_take_the_place_of_the_event(pipeline: object) -> None:
    found = codes(pipeline, "Two Syrian gunmen killed 12 people on Sunday in Beirut.")
    assert found["12 people"] == ["LBNCVL"] and found["Two Syrian gunmen"] == ["SYRREB"]


@pytest.mark.slow
def test_a_coordinated_agent_shares_the_nationality(pipeline: object) -> None:
    text = "Turkish journalists and officials condemned the attack on Sunday in Berlin."
    found = codes(pipeline, text)
    assert found["officials"] == ["TURGOV"]


@pytest.mark.slow
def test_its_refers_to_the_subject_of_its_clause(pipeline: object) -> None:
    text = "Pakistan has refused to send troops to Iraq and has urged its citizens to leave."
    assert codes(pipeline, text)["citizens"] == ["PAKCVL"]


def test_a_user_file_may_name_its_own_countries(tmp_path: Path) -> None:
    path = tmp_path / "world.jsonl"
    path.write_text(
        '{"name": "Gondor", "aliases": ["Gondorian"], "roles": [{"code": "GON"}], "kind": "place"}\n'
        '{"name": "Minas Tirith", "roles": [{"code": "GONGOV"}], "kind": "place"}\n',
        encoding="utf-8",
    )
    kb = KnowledgeBase.load(extra_files=[path])
    roles = {e.name: e.roles[0] for e in kb.entries if e.source == "user"}
    assert (roles["Gondor"].country, roles["Minas Tirith"].sector) == ("GON", "GOV")


@pytest.mark.slow
def test_a_people_of_another_country_belong_to_it(pipeline: object) -> None:
    found = codes(pipeline, "The Hungarians of northern Serbia demanded autonomy.")
    assert found["The Hungarians"] == ["SRBCVL"]
    assert codes(pipeline, "Syrians protested in Damascus.")["Syrians"] == ["SYRCVL"]


@pytest.mark.slow
def test_of_a_country_places_a_known_person(pipeline: object, tmp_path: Path) -> None:
    path = tmp_path / "people.tsv"
    path.write_text("Jan Kowalczyk\t\tPOLGOV\tperson\n", encoding="utf-8")
    resolver = ActorResolver(KnowledgeBase.load(extra_files=[path]))
    article = Article(id="t", date=dt.date(2024, 7, 27),
                      paragraphs=("Jan Kowalczyk of Czechia met Slovak officials on Monday.",))  # fmt: skip
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    found = {parsed.span_text(m.start, m.end): [a.code for a in m.actors]
             for m in resolver.resolve(parsed, article)}  # fmt: skip
    assert found["Jan Kowalczyk"] == ["CZEGOV"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "country"), [
    ("Roughly 13,000 US troops remain in Afghanistan, 18 years after Washington invaded "
     "the country.", "AFG"),
    ("Russia has held parts of Ukraine since 2014. Moscow invaded the country in 2022.", "UKR"),
])  # fmt: skip
def test_the_country_is_the_country_last_named(pipeline: object, text: str, country: str) -> None:
    assert codes(pipeline, text)["the country"] == [country]


@pytest.mark.slow
def test_the_country_is_not_the_subject_acting_on_it(pipeline: object) -> None:
    text = "Kyiv's air force said Russia fired 70 missiles at targets across the country."
    assert codes(pipeline, text).get("the country") != ["RUS"]


@pytest.mark.slow
def test_the_country_with_no_country_named_nearby_is_no_one(pipeline: object) -> None:
    text = ("Germany hosted the talks. The mayor opened a school. Parents praised the teachers. "
            "The president said the country would recover.")
    assert "the country" not in codes(pipeline, text)


HOME_STORY = ("Welsh First Minister Rhodri Morgan sacked his health minister. Tory leader "
              "Michael Howard and Labour MP Ann Clwyd spoke. Later, Dr Gibbons praised the "
              "work of Ms Hutt.")


@pytest.mark.slow
def test_a_courtesy_titled_stranger_takes_a_clear_home_country(pipeline: object) -> None:
    found = codes(pipeline, HOME_STORY)
    assert found["Dr Gibbons"] == ["GBR"] and found["Ms Hutt"] == ["GBR"]


@pytest.mark.slow
def test_no_home_country_no_place_for_a_stranger(pipeline: object) -> None:
    # two countries, neither most of the self-placed actors: no home, and the venue
    # ("in Paris") places no one
    text = ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris. "
            "Later, Dr Gibbons praised the work of Ms Hutt.")
    found = codes(pipeline, text)
    assert found["Dr Gibbons"] == [None] and found["Ms Hutt"] == [None]


@pytest.mark.slow
def test_an_alias_that_begins_the_full_name_takes_it_in(pipeline: object) -> None:
    found = codes(pipeline, "Chinese President Xi Jinping met President Biden on Monday.")
    assert found.get("Chinese President Xi Jinping") == ["CHNGOV"] and "Jinping" not in found


def test_a_government_named_as_owner_of_its_plans_is_an_actor(pipeline: object) -> None:
    from newsevents.model import Article
    from newsevents.nlp import to_parsed

    def mentions(text: str) -> list[str]:
        art = Article(id="t", paragraphs=("Tony Blair said the government would act.", text))
        parsed = to_parsed(pipeline.nlp(art.text))  # type: ignore[attr-defined]
        found = pipeline.resolver.resolve(parsed, art)  # type: ignore[attr-defined]
        return [parsed.span_text(m.start, m.end) for m in found]

    assert "government" in mentions("The Conservatives backed the government plans on Monday.")
    # a modifier of anything else is still no actor: "police station", "government bonds"
    assert "government" not in mentions("Investors bought government bonds on Monday.")


@pytest.mark.slow
def test_a_dateline_in_apposition_does_not_place_a_known_person(pipeline: object) -> None:
    text = "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on Wednesday accused China."
    article = Article(id="t", date=None, paragraphs=(text,))  # undated: no role by date
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    resolver: ActorResolver = pipeline.resolver  # type: ignore[attr-defined]
    found = {parsed.span_text(m.start, m.end): m for m in resolver.resolve(parsed, article)}
    assert [a.code for a in found["U.S. Defense Secretary Mark Esper"].actors] == ["USAGOV"]


@pytest.mark.slow
def test_a_posting_is_not_the_nationality_of_the_name_after_it(pipeline: object) -> None:
    found = codes(pipeline, "China's ambassador to Britain Liu Xiaoming called them rioters.")
    assert found["Liu Xiaoming"] == ["CHNGOV"] and found["Britain"] == ["GBR"]


@pytest.mark.slow
def test_an_unknown_department_is_a_government_body(pipeline: object) -> None:
    found = codes(pipeline, "The Department of Fisheries of Kenya fined the company. "
                            "The department store closed.")  # fmt: skip
    assert any(c and c[0] and c[0].endswith("GOV") for t, c in found.items() if "Fisheries" in t)
    assert not any("store" in t for t in found)
