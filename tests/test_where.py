"""Event places: the gazetteer (Vientiane, disambiguation, countries, regions, areas)
and the choice between a place in the trigger's clause, the paragraph and the dateline."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from newsevents.model import Actor, Dateline, Event, Location
from newsevents.parsed import Entity, ParsedDoc, Sentence, Token
from newsevents.when import EventDate
from newsevents.where import Gazetteer, StoryPlaces, place_key

SAT = dt.date(2024, 7, 27)
TODAY = EventDate(SAT, "day", "article")


def _event(source: str | None = None, target: str | None = None, quad: int = 1) -> Event:
    return Event(
        "t", 0, "", "", (0, 0), (Actor("a", country=source),),
        (Actor("b", country=target),) if target else (), "040", "CONSULT", quad_class=quad,
    )  # fmt: skip


def _locate(
    gazetteer: Gazetteer,
    doc: ParsedDoc,
    trigger: int,
    dateline: Dateline | None = None,
    event: Event | None = None,
    when: EventDate = TODAY,
) -> Location | None:
    places = StoryPlaces(gazetteer, doc, dateline, [], SAT)
    return places.locate(doc.sentences[0], trigger, event or _event(), when)[0]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_vientiane(gazetteer: Gazetteer) -> None:
    loc = gazetteer.geocode("Vientiane")
    assert loc is not None
    assert (loc.name, loc.country, loc.geonameid) == ("Vientiane", "LAO", 1651944)
    assert loc.lat == pytest.approx(17.96, abs=0.01)
    assert loc.lon == pytest.approx(102.6, abs=0.01)


def test_disambiguation_by_country_hint_then_population(gazetteer: Gazetteer) -> None:
    assert gazetteer.geocode("Tripoli").country == "LBY"  # type: ignore[union-attr]
    assert gazetteer.geocode("Tripoli", "LBN").country == "LBN"  # type: ignore[union-attr]
    assert gazetteer.geocode("Moscow").country == "RUS"  # type: ignore[union-attr]
    assert gazetteer.geocode("Moscow", "USA").country == "USA"  # type: ignore[union-attr]
    # A hint that matches no city of that name does not block the lookup.
    assert gazetteer.geocode("Nairobi", "FRA").country == "KEN"  # type: ignore[union-attr]


def test_alternate_and_accent_free_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.geocode("Kiev").name == "Kyiv"  # type: ignore[union-attr]
    assert gazetteer.geocode("Sao Paulo").name == "São Paulo"  # type: ignore[union-attr]
    # "St." is "Saint": the Russian city, not St. Petersburg, Florida (by population).
    assert gazetteer.geocode("St. Petersburg").country == "RUS"  # type: ignore[union-attr]
    # A place's own name beats another place's alternate name.
    assert gazetteer.geocode("New Delhi").name == "New Delhi"  # type: ignore[union-attr]
    # "Gaza" in the news is the Strip (a region); "Gaza City" the city.
    gaza = gazetteer.geocode("Gaza")
    assert gaza is not None and (gaza.name, gaza.precision, gaza.country) == (
        "Gaza Strip", "region", "PSE"
    )
    assert gazetteer.geocode("Gaza City").precision == "city"  # type: ignore[union-attr]


def test_countries_geocode_to_their_capital(gazetteer: Gazetteer) -> None:
    laos = gazetteer.geocode("Laos")
    vientiane = gazetteer.geocode("Vientiane")
    assert laos is not None and vientiane is not None
    assert laos.country == "LAO" and laos.geonameid != vientiane.geonameid
    assert (laos.lat, laos.lon) == (vientiane.lat, vientiane.lon)
    assert gazetteer.geocode("the United States").country == "USA"  # type: ignore[union-attr]
    assert gazetteer.geocode("Mexico").country == "MEX"  # the country, not a town
    assert gazetteer.geocode("Kosovo").country == "XKX"  # type: ignore[union-attr]


def test_unknown_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.geocode("Minas Tirith") is None
    assert gazetteer.geocode("") is None


def test_place_key() -> None:
    assert place_key("the U.S.") == "us"
    assert place_key("Córdoba") == "cordoba"
    assert place_key("Kyiv's") == "kyiv"


def test_load_is_fast() -> None:
    start = time.process_time()  # CPU time: wall time swings on a shared machine
    Gazetteer.load()
    assert time.process_time() - start < 2.0  # ~0.6 s measured


# --- choosing the event's place on hand-built parses --------------------------------


def _doc(words: list[tuple[str, str, int, str]], ents: list[tuple[int, int, str]]) -> ParsedDoc:
    """Tokens from (text, dep, head, pos); entities from (start, end, label)."""
    tokens, pos = [], 0
    for i, (text, dep, head, upos) in enumerate(words):
        tokens.append(Token(i, text, text.lower(), upos, "X", dep, head, pos))
        pos += len(text) + 1
    text = " ".join(w[0] for w in words)
    entities = tuple(
        Entity(s, e, label, " ".join(w[0] for w in words[s:e]), tokens[s].idx,
               tokens[e - 1].end_char)
        for s, e, label in ents
    )  # fmt: skip
    return ParsedDoc(text, tuple(tokens), (Sentence(0, 0, len(tokens), 0, len(text), text),),
                     entities)  # fmt: skip


# "The minister , who lives in Lyon , met officials in Tripoli"
MET = [("The", "det", 1, "DET"), ("minister", "nsubj", 8, "NOUN"), (",", "punct", 1, "PUNCT"),
       ("who", "nsubj", 4, "PRON"), ("lives", "relcl", 1, "VERB"), ("in", "prep", 4, "ADP"),
       ("Lyon", "pobj", 5, "PROPN"), (",", "punct", 1, "PUNCT"), ("met", "ROOT", 8, "VERB"),
       ("officials", "dobj", 8, "NOUN"), ("in", "prep", 8, "ADP"),
       ("Tripoli", "pobj", 10, "PROPN")]  # fmt: skip


def test_place_in_the_trigger_clause(gazetteer: Gazetteer) -> None:
    doc = _doc(MET, [(6, 7, "GPE"), (11, 12, "GPE")])
    loc = _locate(gazetteer, doc, 8, event=_event("LBN"))
    assert loc is not None and (loc.name, loc.country) == ("Tripoli", "LBN")


def test_place_in_another_clause_is_ignored_and_dateline_used(gazetteer: Gazetteer) -> None:
    doc = _doc(MET[:10], [(6, 7, "GPE")])  # "... met officials": only Lyon, in the relcl
    dateline = Dateline("VIENTIANE, Laos", "Vientiane", "LAO")
    loc = _locate(gazetteer, doc, 8, dateline)
    assert loc is not None and loc.geonameid == 1651944
    assert _locate(gazetteer, doc, 8) is None


def test_a_country_in_the_sentence_yields_to_the_dateline_city_in_it(gazetteer: Gazetteer) -> None:
    # "... met officials in Laos" under a "Vientiane, Laos:" dateline -> Vientiane.
    words = MET[:11] + [("Laos", "pobj", 10, "PROPN")]
    doc = _doc(words, [(11, 12, "GPE")])
    vientiane = Dateline("Vientiane, Laos", "Vientiane", "LAO")
    loc = _locate(gazetteer, doc, 8, vientiane)
    assert loc is not None and loc.geonameid == 1651944
    # A dateline city in another country does not override the sentence's country.
    bangkok = Dateline("BANGKOK", "Bangkok", "THA")
    loc = _locate(gazetteer, doc, 8, bangkok)
    assert loc is not None and (loc.name, loc.country) == ("Laos", "LAO")


def test_dateline_with_country_only(gazetteer: Gazetteer) -> None:
    doc = _doc(MET[:10], [])
    loc = _locate(gazetteer, doc, 8, Dateline("LAOS", None, "LAO"))
    assert loc is not None and (loc.country, loc.precision) == ("LAO", "country")


def test_subject_country_is_not_a_place(gazetteer: Gazetteer) -> None:
    # "Russia condemned Ukraine": actors, not places.
    words = [("Russia", "nsubj", 1, "PROPN"), ("condemned", "ROOT", 1, "VERB"),
             ("Ukraine", "dobj", 1, "PROPN")]  # fmt: skip
    doc = _doc(words, [(0, 1, "GPE"), (2, 3, "GPE")])
    assert _locate(gazetteer, doc, 1) is None


def test_mislabelled_place_in_a_place_slot(gazetteer: Gazetteer) -> None:
    # "Rebels attacked a convoy near Goma" with Goma tagged PERSON by the small model.
    words = [("Rebels", "nsubj", 1, "NOUN"), ("attacked", "ROOT", 1, "VERB"),
             ("a", "det", 3, "DET"), ("convoy", "dobj", 1, "NOUN"), ("near", "prep", 1, "ADP"),
             ("Goma", "pobj", 4, "PROPN")]  # fmt: skip
    doc = _doc(words, [(5, 6, "PERSON")])
    loc = _locate(gazetteer, doc, 1)
    assert loc is not None and loc.country == "COD"


@pytest.mark.slow
def test_with_the_model(gazetteer: Gazetteer, pipeline: object) -> None:
    from newsevents.nlp import to_parsed

    nlp = pipeline.nlp  # type: ignore[attr-defined]
    doc = to_parsed(nlp("Police arrested 12 protesters yesterday in Nairobi."))
    trigger = next(t.i for t in doc.tokens if t.text == "arrested")
    loc = _locate(gazetteer, doc, trigger)
    assert loc is not None and loc.name == "Nairobi" and loc.country == "KEN"


def test_place_noun_object(gazetteer: Gazetteer) -> None:
    # "Forces shelled the outskirts of Kharkiv" (Kharkiv untagged by the model).
    words = [("Forces", "nsubj", 1, "NOUN"), ("shelled", "ROOT", 1, "VERB"),
             ("the", "det", 3, "DET"), ("outskirts", "dobj", 1, "NOUN"), ("of", "prep", 3, "ADP"),
             ("Kharkiv", "pobj", 4, "PROPN")]  # fmt: skip
    doc = _doc(words, [])
    loc = _locate(gazetteer, doc, 1)
    assert loc is not None and loc.name == "Kharkiv"
    # "criticised the policy of Ukraine": no place noun, so no place.
    words[1] = ("criticised", "ROOT", 1, "VERB")
    words[3] = ("policy", "dobj", 1, "NOUN")
    doc = _doc(words, [])
    assert _locate(gazetteer, doc, 1) is None


def test_users_add_their_own_places(tmp_path: object) -> None:
    from pathlib import Path

    from newsevents.gazetteer import PlaceDataError

    extra = Path(str(tmp_path)) / "mine.tsv"
    extra.write_text("name\talternates\tcountries\tprecision\tlat\tlon\n"
                     "Chushul\tChushul village\tIND\tcity\t33.60\t78.65\n", encoding="utf-8")  # fmt: skip
    gazetteer = Gazetteer.load(area_files=[extra])
    chushul = gazetteer.geocode("Chushul")
    assert chushul is not None and (chushul.country, chushul.precision) == ("IND", "city")
    extra.write_text("Chushul\tIND\tcity\t33.6\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match="mine.tsv:1"):
        Gazetteer.load(area_files=[extra])
    with pytest.raises(PlaceDataError, match="cannot read"):
        Gazetteer.load(area_files=[Path(str(tmp_path)) / "missing.tsv"])


def test_regions_areas_and_admin1(gazetteer: Gazetteer) -> None:
    darfur = gazetteer.geocode("Darfur")
    assert darfur is not None and (darfur.country, darfur.precision) == ("SDN", "region")
    assert gazetteer.geocode("North Darfur").country == "SDN"  # type: ignore[union-attr]
    donetsk_region = gazetteer.geocode("Donetsk region")
    assert donetsk_region is not None and donetsk_region.precision == "region"
    donetsk = gazetteer.geocode("Donetsk")
    assert donetsk is not None and (donetsk.precision, donetsk.country) == ("city", "UKR")
    assert gazetteer.geocode("Nablus").admin1 == "West Bank"  # type: ignore[union-attr]
    kremlin = gazetteer.geocode("the Kremlin")
    assert kremlin is not None and (kremlin.country, kremlin.precision) == ("RUS", "city")
    assert gazetteer.geocode("the capital") is None  # a common noun names no place
    riyadh = gazetteer.geocode("the Saudi capital")
    assert riyadh is not None and riyadh.name == "Riyadh"
