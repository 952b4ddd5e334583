"""The actor resolver: title composition, dated roles, metonymy, agents, coreference."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from newsevents.actors import ActorResolver, KnowledgeBase
from newsevents.model import Article, Dateline
from newsevents.parsed import ActorMention, Entity, ParsedDoc, Sentence, Token

# (text, pos, tag, dep, head, entity label or "")
Spec = tuple[str, str, str, str, int, str]


def hand_doc(sentences: Sequence[Sequence[Spec]]) -> ParsedDoc:
    """A ParsedDoc built by hand (heads are document token indices)."""
    tokens: list[Token] = []
    sents: list[Sentence] = []
    entities: list[Entity] = []
    text = ""
    for n, spec in enumerate(sentences):
        start, start_char = len(tokens), len(text)
        for word, pos, tag, dep, head, label in spec:
            prev = tokens[-1] if tokens else None
            iob = "O" if not label else ("I" if prev and prev.ent_type == label and prev.sent == n else "B")
            tokens.append(Token(len(tokens), word, word.lower(), pos, tag, dep, head, len(text),
                                label, iob, n))  # fmt: skip
            text += word + " "
        sents.append(Sentence(n, start, len(tokens), start_char, len(text) - 1,
                              text[start_char:-1]))  # fmt: skip
    i = 0
    while i < len(tokens):
        if tokens[i].ent_iob == "B":
            j = i + 1
            while j < len(tokens) and tokens[j].ent_iob == "I":
                j += 1
            entities.append(Entity(i, j, tokens[i].ent_type, text[tokens[i].idx : tokens[j - 1].end_char],
                                   tokens[i].idx, tokens[j - 1].end_char))  # fmt: skip
            i = j
        else:
            i += 1
    return ParsedDoc(text.rstrip(), tuple(tokens), tuple(sents), tuple(entities))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def resolver(kb: KnowledgeBase) -> ActorResolver:
    return ActorResolver(kb)


def article(date: dt.date | None = None, dateline: str | None = None) -> Article:
    return Article(id="t", date=date, dateline=Dateline("X", None, dateline) if dateline else None)


def by_text(doc: ParsedDoc, mentions: list[ActorMention]) -> dict[str, ActorMention]:
    return {doc.span_text(m.start, m.end): m for m in mentions}


KENYAN_MINISTER: list[list[Spec]] = [
    [("Kenyan", "ADJ", "JJ", "amod", 2, "NORP"), ("Interior", "PROPN", "NNP", "compound", 2, ""),
     ("Minister", "PROPN", "NNP", "compound", 4, ""), ("Zorba", "PROPN", "NNP", "compound", 4, "PERSON"),
     ("Quux", "PROPN", "NNP", "nsubj", 5, "PERSON"), ("said", "VERB", "VBD", "ROOT", 5, ""),
     (".", "PUNCT", ".", "punct", 5, "")],
    [("Quux", "PROPN", "NNP", "nsubj", 8, "PERSON"), ("warned", "VERB", "VBD", "ROOT", 8, ""),
     ("Beijing", "PROPN", "NNP", "dobj", 8, "GPE"), (".", "PUNCT", ".", "punct", 8, "")],
]  # fmt: skip


def test_title_composition_and_surname_coreference_on_a_hand_parse(resolver: ActorResolver) -> None:
    doc = hand_doc(KENYAN_MINISTER)
    mentions = resolver.resolve(doc, article(dt.date(2024, 5, 1)))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    found = by_text(doc, mentions)
    first = found["Kenyan Interior Minister Zorba Quux"]
    (minister,) = first.actors
    assert (minister.code, minister.country, minister.sector) == ("KENGOV", "KEN", "GOV")
    assert minister.role == "Interior Minister" and minister.name == "Zorba Quux"
    assert first.head == 4 and first.how == "title"
    again = found["Quux"]
    assert again.how == "coreference" and again.actors[0].code == "KENGOV"
    beijing = found["Beijing"]
    assert beijing.how == "metonym" and beijing.actors[0].code == "CHNGOV"


def test_unknown_name_is_reported_unresolved(resolver: ActorResolver) -> None:
    doc = hand_doc([[("Zorba", "PROPN", "NNP", "compound", 1, "PERSON"),
                     ("Quux", "PROPN", "NNP", "nsubj", 2, "PERSON"),
                     ("left", "VERB", "VBD", "ROOT", 2, ""), (".", "PUNCT", ".", "punct", 2, "")]])  # fmt: skip
    (m,) = resolver.resolve(doc, article())
    assert m.how == "unresolved:PERSON" and m.actors[0].code is None
    assert m.actors[0].name == "Zorba Quux"


def test_agent_takes_the_dateline_country(resolver: ActorResolver) -> None:
    doc = hand_doc([[("Police", "NOUN", "NNS", "nsubj", 1, ""), ("arrested", "VERB", "VBD", "ROOT", 1, ""),
                     ("students", "NOUN", "NNS", "dobj", 1, ""), (".", "PUNCT", ".", "punct", 1, "")]])  # fmt: skip
    found = by_text(doc, resolver.resolve(doc, article(dateline="KEN")))
    assert found["Police"].actors[0].code == "KENCOP"
    assert found["students"].actors[0].code == "KENEDU"


def test_an_official_is_not_placed_by_the_dateline(resolver: ActorResolver) -> None:
    # A minister may be abroad: a German MEP is not French at a Strasbourg dateline.
    doc = hand_doc([[("The", "DET", "DT", "det", 1, ""), ("minister", "NOUN", "NN", "nsubj", 2, ""),
                     ("spoke", "VERB", "VBD", "ROOT", 2, ""), (".", "PUNCT", ".", "punct", 2, "")]])  # fmt: skip
    found = by_text(doc, resolver.resolve(doc, article(dateline="FRA")))
    assert found["The minister"].actors[0].country is None


# Slow tests: real spaCy parses of our own sentences.


@pytest.fixture(scope="module")
def parse(pipeline: object):  # type: ignore[no-untyped-def]
    from newsevents.nlp import parse_texts

    nlp = pipeline.nlp  # type: ignore[attr-defined]
    return lambda text: next(parse_texts(nlp, [text]))


def codes(resolver: ActorResolver, doc: ParsedDoc, art: Article) -> dict[str, list[str | None]]:
    return {k: [a.code for a in m.actors] for k, m in by_text(doc, resolver.resolve(doc, art)).items()}


@pytest.mark.slow
def test_nationality_and_agents(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("Israeli troops clashed with protesters on Monday, and Kenyan police detained "
                "opposition lawmakers in Georgia. China's foreign ministry criticised Chinese firms.")  # fmt: skip
    got = codes(resolver, doc, article(dt.date(2024, 1, 10)))
    assert got["Israeli troops"] == ["ISRMIL"]
    assert got["Kenyan police"] == ["KENCOP"]
    assert got["opposition lawmakers in Georgia"] == ["GEOOPP"]
    assert got["China's foreign ministry"] == ["CHNGOV"]
    assert got["Chinese firms"] == ["CHNBUS"]


@pytest.mark.slow
def test_roles_follow_the_article_date(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("Antony Blinken met Yoav Gallant in Tel Aviv.")
    assert codes(resolver, doc, article(dt.date(2024, 7, 27)))["Antony Blinken"] == ["USAGOV"]
    later = codes(resolver, doc, article(dt.date(2025, 6, 1)))
    assert later["Antony Blinken"] == ["USAELI"] and later["Yoav Gallant"] == ["ISRELI"]
    assert codes(resolver, doc, article(None))["Yoav Gallant"] == ["ISRGOV"]  # latest office


@pytest.mark.slow
def test_metonyms_and_international_bodies(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("The Pentagon said Beijing had ignored warnings from the Kremlin, "
                "while NATO and the United Nations condemned Hamas and Fatah.")  # fmt: skip
    mentions = resolver.resolve(doc, article(dt.date(2024, 3, 1)))
    found = by_text(doc, mentions)
    got = {k: [a.code for a in m.actors] for k, m in found.items()}
    assert got["The Pentagon"] == ["USAMIL"] and found["The Pentagon"].how == "metonym"
    assert got["Beijing"] == ["CHNGOV"] and found["Beijing"].how == "metonym"
    assert got["the Kremlin"] == ["RUSGOV"]
    assert got["NATO"] == ["IGOWSTNAT"] and got["the United Nations"] == ["IGOUNO"]
    nato = found["NATO"].actors[0]
    assert nato.country is None and nato.sector == "IGO"
    assert [a.country for k in ("Hamas", "Fatah") for a in found[k].actors] == ["PSE", "PSE"]


@pytest.mark.slow
def test_pairs_and_titles_refer_back(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("Japanese Prime Minister Taro Zorbawa met Kenyan President Plinth Vornado in Nairobi. "
                "Zorbawa and Vornado signed a trade deal. The two leaders also discussed security. "
                "The president later thanked Japan.")  # fmt: skip
    found = by_text(doc, resolver.resolve(doc, article(dt.date(2024, 5, 1))))
    assert [a.code for a in found["Japanese Prime Minister Taro Zorbawa"].actors] == ["JPNGOV"]
    assert [a.code for a in found["Kenyan President Plinth Vornado"].actors] == ["KENGOV"]
    assert found["Zorbawa"].how == "coreference" and found["Zorbawa"].actors[0].country == "JPN"
    pair = found["The two leaders"]
    assert {a.country for a in pair.actors} == {"JPN", "KEN"} and len(pair.actors) == 2
    president = found["The president"]
    assert president.how == "coreference" and president.actors[0].name == "Plinth Vornado"


@pytest.mark.slow
def test_undated_text_uses_titles_appositions_and_the_main_country(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("Zorba Quux, Algeria's leading human rights activist, began a hunger strike. "
                "Leaders of the Kenyan opposition met the president of Armenia. "
                "Ethnic Albanians protested in Macedonia, Macedonian officials said.")  # fmt: skip
    found = by_text(doc, resolver.resolve(doc, article(None)))
    quux = found["Zorba Quux"]
    assert quux.how == "title" and quux.actors[0].country == "DZA"
    assert [a.code for a in found["Leaders of the Kenyan opposition"].actors] == ["KENOPP"]
    assert [a.code for a in found["the president of Armenia"].actors] == ["ARMGOV"]
    # a people named by where they live, not by their nationality
    assert found["Ethnic Albanians"].actors[0].country == "MKD"


@pytest.mark.slow
def test_former_titles_and_unknown_organisations(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("Former President Joe Biden met the Nigerian Union of Zorbists (NUZ). "
                "The NUZ later thanked him.")  # fmt: skip
    found = by_text(doc, resolver.resolve(doc, article(None)))
    assert [a.code for a in found["Former President Joe Biden"].actors] == ["USAELI"]
    union = found["the Nigerian Union of Zorbists"].actors[0]
    assert union.country == "NGA" and union.sector == "LAB"
    assert found["NUZ"].how == "coreference" and found["NUZ"].actors[0].country == "NGA"


@pytest.mark.slow
def test_lowercase_words_are_not_countries_and_places_stay_metonyms(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("They told us that the US would send turkey to Chad, officials in Beijing said "
                "after a summit in Moscow.")  # fmt: skip
    found = by_text(doc, resolver.resolve(doc, article(dt.date(2024, 11, 20))))
    assert "us" not in found and "turkey" not in found
    assert [a.code for a in found["the US"].actors] == ["USA"]
    assert found["Chad"].actors[0].country == "TCD"
    assert [a.code for a in found["officials in Beijing"].actors] == ["CHNGOV"]
    assert found["Moscow"].how == "metonym"  # the coder decides it is a place here


@pytest.mark.slow
def test_hyphenated_and_compound_nationalities(resolver: ActorResolver, parse) -> None:  # type: ignore[no-untyped-def]
    doc = parse("U.S.-Chinese negotiators met Bosnian Serb leaders and Greek Cypriot officials, "
                "while Iranian-backed militias fired Russian-made rockets.")  # fmt: skip
    found = by_text(doc, resolver.resolve(doc, article(dt.date(2024, 2, 1))))
    assert [a.code for a in found["U.S.-Chinese negotiators"].actors] == ["USAGOV", "CHNGOV"]
    assert [a.country for a in found["Bosnian Serb leaders"].actors] == ["BIH"]
    assert [a.country for a in found["Greek Cypriot officials"].actors] == ["CYP"]
    assert found["Iranian"].actors[0].country == "IRN"  # the backer is named on its own
    assert all(a.country != "RUS" for m in found.values() for a in m.actors)
