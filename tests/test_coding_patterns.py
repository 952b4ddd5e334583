"""Event patterns as data: loading, validation, coverage of CAMEO, and matching on
hand-built parses (no spaCy model needed)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from newsevents.coding.cameo import CameoTables
from newsevents.coding.derive import IntentTable
from newsevents.coding.patterns import PatternBook, PatternError, base_forms, parse_patterns
from newsevents.parsed import ParsedDoc, Sentence, Token


@pytest.fixture(scope="module")
def tables() -> CameoTables:
    return CameoTables.load()


@pytest.fixture(scope="module")
def book(tables: CameoTables) -> PatternBook:
    return PatternBook.load(tables.codes)


def _cameo_codes(width: int) -> set[str]:
    """The GDELT CAMEO codes of a given width (the extension codes left aside)."""
    text = resources.files("newsevents").joinpath("data/cameo/codes.tsv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return {r["code"] for r in rows if len(r["code"]) == width and r["source"] == "gdelt"}


def test_every_three_digit_cameo_code_is_reachable(book: PatternBook) -> None:
    reachable = {p.code for p in book}
    three = _cameo_codes(3)
    assert len(three) > 140
    assert sorted(three - reachable) == []


def test_common_four_digit_codes_are_reachable(book: PatternBook) -> None:
    common = {"0231", "0232", "0331", "0356", "0811", "0841", "0871", "0874", "1041",
              "1053", "1121", "1122", "1123", "1125", "1312", "1621", "1622", "1661",
              "1712", "1722", "1723", "1724", "1821", "1822", "1823", "1831", "1951",
              "2041"}  # fmt: skip
    assert common - {p.code for p in book} == set()


def test_curated_lines_come_with_the_import(book: PatternBook) -> None:
    origins = {p.origin.split(":")[0] for p in book}
    assert {"verbs_cameo.txt", "verbs.txt", "nouns.txt"} <= origins
    assert len(book) > 5000  # the PETRARCH dictionary imported


def test_unknown_code_is_rejected(tables: CameoTables) -> None:
    with pytest.raises(PatternError, match="x.txt:2: unknown CAMEO code '999'"):
        parse_patterns("040 meet\n999 frobnicate\n", "x.txt", tables.codes)


@pytest.mark.parametrize(
    "line, message",
    [
        ("040", "need a code and a trigger"),
        ("040 meet with", "cannot read"),
        ("040 meet obj=@NOPE", "unknown set"),
        ("@EMPTY =", "empty set"),
        ("040 meet obj=|", "empty lemma list"),
    ],
)
def test_malformed_lines_are_rejected(tables: CameoTables, line: str, message: str) -> None:
    with pytest.raises(PatternError, match=message):
        parse_patterns(line + "\n", "x.txt", tables.codes)


def test_sets_conditions_and_flags_are_read(tables: CameoTables) -> None:
    text = "@TALKS = talks negotiations\n036 agree to=@TALKS recip target=to  # comment\n"
    (p,) = parse_patterns(text, "verbs_x.txt", tables.codes)
    assert (p.code, p.trigger, p.pos, p.recip, p.target) == ("036", "agree", "verb", True, "to")
    (cond,) = p.conditions
    assert (cond.kind, cond.word, cond.lemmas) == (
        "prep",
        "to",
        frozenset({"talks", "negotiations"}),
    )
    assert p.specificity == 2


def test_intent_table_maps_actions_to_intents_and_refusals(tables: CameoTables) -> None:
    intents = IntentTable.load(tables.codes)
    assert intents.intent("0874") == "0356"  # will withdraw troops -> intent to de-escalate
    assert intents.intent("1723") == "1323"  # will impose a curfew -> threaten a curfew
    assert intents.intent("163") == "1312"
    assert intents.refusal("074") == "1224"
    assert intents.intent("112") is None  # "will accuse" is no intent event


def test_base_forms() -> None:
    assert "stage" in base_forms("staged")
    assert "stop" in base_forms("stopped")
    assert "deny" in base_forms("denies")


# --- matching on hand-built parses ---------------------------------------------------

Word = tuple[str, str, str, str, int]  # text, lemma, pos, dep, head


def _doc(words: list[Word]) -> ParsedDoc:
    tokens, pos = [], 0
    text = " ".join(w[0] for w in words)
    for i, (word, lemma, upos, dep, head) in enumerate(words):
        tokens.append(Token(i, word, lemma, upos, "", dep, head, pos))
        pos += len(word) + 1
    return ParsedDoc(text, tuple(tokens), (Sentence(0, 0, len(tokens), 0, len(text), text),))


def test_most_specific_pattern_wins(book: PatternBook) -> None:
    # Russia imposed sanctions on Iran
    doc = _doc([
        ("Russia", "Russia", "PROPN", "nsubj", 1), ("imposed", "impose", "VERB", "ROOT", 1),
        ("sanctions", "sanction", "NOUN", "dobj", 1), ("on", "on", "ADP", "prep", 1),
        ("Iran", "Iran", "PROPN", "pobj", 3),
    ])  # fmt: skip
    p = book.match(doc, 1, "verb")
    assert p is not None and p.code == "163" and p.target == "on"


def test_particle_and_object_select_the_code(book: PatternBook) -> None:
    # Iran broke off talks ; Iran broke the record
    off = _doc([
        ("Iran", "Iran", "PROPN", "nsubj", 1), ("broke", "break", "VERB", "ROOT", 1),
        ("off", "off", "ADP", "prt", 1), ("talks", "talk", "NOUN", "dobj", 1),
    ])  # fmt: skip
    p = book.match(off, 1, "verb")
    assert p is not None and p.code == "164"


def test_curated_no_event_silences_an_import(book: PatternBook) -> None:
    # "The country faces a crisis": PETRARCH codes bare FACE as 040; we do not.
    doc = _doc([
        ("country", "country", "NOUN", "nsubj", 1), ("faces", "face", "VERB", "ROOT", 1),
        ("crisis", "crisis", "NOUN", "dobj", 1),
    ])  # fmt: skip
    assert book.match(doc, 1, "verb") is None


def test_noun_pattern_with_modifier(book: PatternBook) -> None:
    doc = _doc([
        ("a", "a", "DET", "det", 2), ("hunger", "hunger", "NOUN", "compound", 2),
        ("strike", "strike", "NOUN", "ROOT", 2),
    ])  # fmt: skip
    p = book.match(doc, 2, "noun")
    assert p is not None and p.code == "142"
