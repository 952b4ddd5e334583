"""Gold scoring on hand-built gold items and predictions (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.evaluate import (
    NONE,
    GoldFormatError,
    GoldItem,
    align,
    load_gold,
    parse_gold_item,
    score,
    score_item,
)
from newsevents.model import Actor, Event


def pred(
    plover: str | None,
    source: tuple[str | None, ...],
    target: tuple[str | None, ...] = (),
    cameo: str = "040",
    sectors: tuple[str | None, ...] = (),
    **kw: object,
) -> Event:
    src = tuple(
        Actor(text=c or "someone", country=c, sector=sectors[n] if n < len(sectors) else None)
        for n, c in enumerate(source)
    )
    tgt = tuple(Actor(text=c or "someone", country=c) for c in target)
    return Event("a", 0, "s", "t", (0, 1), src, tgt, cameo, plover, **kw)  # type: ignore[arg-type]


def gold(events: list[dict], noevents: bool = False) -> GoldItem:
    return parse_gold_item({"id": "g", "text": "t", "date": "2024-07-27", "events": events,
                            "noevents": noevents})  # fmt: skip


def ev(plover: str | None, source: list[str | None], target: list[str | None], cameo: str | None = None,
       reciprocal: bool = False, sectors: list[str | None] | None = None) -> dict:  # fmt: skip
    sectors = sectors or []
    return {
        "source": [{"country": c, "sector": sectors[n] if n < len(sectors) else None}
                   for n, c in enumerate(source)],
        "target": [{"country": c} for c in target],
        "plover": plover, "cameo": cameo, "reciprocal": reciprocal,
    }  # fmt: skip


def test_type_is_a_multiset() -> None:
    item = gold([ev("ASSAULT", ["ISR"], ["PSE"]), ev("ASSAULT", ["ISR"], ["LBN"]),
                 ev("ACCUSE", ["PSE"], ["ISR"])])  # fmt: skip
    s = score_item(item, [pred("ASSAULT", ("ISR",), ("PSE",)), pred("ASSAULT", ("ISR",)),
                          pred("ASSAULT", ("ISR",)), pred("PROTEST", ("PSE",))])  # fmt: skip
    assert (s.type.tp, s.type.fp, s.type.fn) == (2, 2, 1)


def test_non_factual_predictions_are_left_out() -> None:
    item = gold([ev("THREATEN", ["RUS"], ["UKR"])])
    preds = [pred("THREATEN", ("RUS",), ("UKR",), negated=True),
             pred("THREATEN", ("RUS",), ("UKR",), modality="future"),
             pred("THREATEN", ("RUS",), ("UKR",), modality="reported")]  # fmt: skip
    s = score_item(item, preds)
    assert (s.type.tp, s.type.fp, s.type.fn) == (1, 0, 0)


def test_noevents_item_all_predictions_are_false_positives() -> None:
    item = gold([], noevents=True)
    s = score_item(item, [pred("CONSULT", ("USA",), ("CHN",)), pred("AID", ("USA",))])
    assert (s.type.tp, s.type.fp, s.type.fn) == (0, 2, 0)
    assert (s.dyad.tp, s.dyad.fp, s.dyad.fn) == (0, 2, 0)
    assert s.cameo_root is None  # its gold has no CAMEO codes


def test_dyad_expands_lists_and_marks_missing_countries() -> None:
    item = gold([ev("ACCUSE", ["USA", "GBR"], ["IRN"]), ev("PROTEST", [None], [])])
    preds = [pred("ACCUSE", ("USA",), ("IRN",)), pred("ACCUSE", ("FRA",), ("IRN",)),
             pred("PROTEST", (None,))]  # fmt: skip
    s = score_item(item, preds)
    # gold: (USA,IRN), (GBR,IRN), (---,---); predicted: (USA,IRN), (FRA,IRN), (---,---)
    assert (s.dyad.tp, s.dyad.fp, s.dyad.fn) == (2, 1, 1)


def test_dyad_is_a_set_and_direction_matters() -> None:
    item = gold([ev("ACCUSE", ["USA"], ["IRN"])])
    s = score_item(item, [pred("ACCUSE", ("IRN",), ("USA",)), pred("ACCUSE", ("USA",), ("IRN",)),
                          pred("ACCUSE", ("USA",), ("IRN",))])  # fmt: skip
    assert (s.dyad.tp, s.dyad.fp, s.dyad.fn) == (1, 1, 0)


def test_reciprocal_pair_counts_once_in_either_direction() -> None:
    item = gold([ev("AGREE", ["USA", "JOR"], [], reciprocal=True)])
    both = score_item(item, [pred("AGREE", ("USA",), ("JOR",)), pred("AGREE", ("JOR",), ("USA",))])
    assert (both.dyad.tp, both.dyad.fp, both.dyad.fn) == (1, 0, 0)
    one = score_item(item, [pred("AGREE", ("JOR",), ("USA",))])
    assert (one.dyad.tp, one.dyad.fp, one.dyad.fn) == (1, 0, 0)
    # Both as sources, no target: pairs with "---" are not the reciprocal pair.
    flat = score_item(item, [pred("AGREE", ("USA", "JOR"), ())])
    assert (flat.dyad.tp, flat.dyad.fp, flat.dyad.fn) == (0, 2, 1)


def test_reciprocal_three_actors_give_three_pairs() -> None:
    item = gold([ev("CONSULT", ["USA", "JOR", "ISR"], [], reciprocal=True)])
    s = score_item(item, [pred("CONSULT", ("ISR",), ("USA",))])
    assert (s.dyad.tp, s.dyad.fp, s.dyad.fn) == (1, 0, 2)


def test_cameo_root_only_for_items_with_cameo() -> None:
    item = gold([ev("CONSULT", ["ARN"], ["GON"], cameo="042"), ev(None, ["ARN"], ["DAG"], "023")])
    s = score_item(item, [pred("CONSULT", ("ARN",), ("GON",), cameo="043"),
                          pred("REQUEST", ("ARN",), ("DAG",), cameo="023")])  # fmt: skip
    assert s.cameo_root is not None
    assert (s.cameo_root.tp, s.cameo_root.fp, s.cameo_root.fn) == (2, 0, 0)
    # The gold's 023 has no PLOVER type: the predicted REQUEST is a false positive there.
    assert (s.type.tp, s.type.fp, s.type.fn) == (1, 1, 0)
    assert score_item(gold([ev("CONSULT", ["A"], ["B"])]), []).cameo_root is None


def test_align_and_confusion() -> None:
    item = gold([ev("ASSAULT", ["ISR"], ["PSE"]), ev("ACCUSE", ["PSE"], ["ISR"]),
                 ev("REJECT", ["USA"], ["IRN"])])  # fmt: skip
    preds = [pred("COERCE", ("ISR",), ("PSE",)), pred("ACCUSE", ("PSE",), ("ISR",)),
             pred("AID", ("CHN",), ("NPL",))]  # fmt: skip
    pairs = align(item.events, preds)
    got = {((g.plover if g else NONE), (p.plover if p else NONE)) for g, p in pairs}
    assert got == {("ACCUSE", "ACCUSE"), ("ASSAULT", "COERCE"), ("REJECT", "AID")}
    s = score_item(item, preds)
    assert s.confusion[("ASSAULT", "COERCE")] == 1 and s.confusion[("ACCUSE", "ACCUSE")] == 1


def test_unaligned_events_go_to_none() -> None:
    item = gold([ev("ASSAULT", ["ISR"], ["PSE"]), ev("ACCUSE", ["USA"], ["IRN"])])
    s = score_item(item, [pred("AID", ("CHN",), ("NPL",))])
    assert s.confusion == {("ASSAULT", NONE): 1, ("ACCUSE", NONE): 1, (NONE, "AID"): 1}


def test_actor_accuracy() -> None:
    item = gold([ev("ACCUSE", ["USA"], ["IRN"], sectors=["GOVxyz"]),
                 ev("AGREE", ["USA", "JOR"], [], reciprocal=True)])  # fmt: skip
    preds = [pred("ACCUSE", ("USA",), ("IRQ",), sectors=("GOV",)),
             pred("AGREE", ("JOR",), ("USA",))]  # fmt: skip
    report = score([(item, preds)])
    a = report.actors
    assert a.matched == 2
    assert (a.source.correct, a.source.total) == (2, 2)
    assert (a.target.correct, a.target.total) == (1, 2)
    assert (a.sector.correct, a.sector.total) == (1, 1)


def test_report_sums_over_items_and_serialises() -> None:
    a = gold([ev("ASSAULT", ["ISR"], ["PSE"], cameo="190")])
    b = gold([], noevents=True)
    report = score([(a, [pred("ASSAULT", ("ISR",), ("PSE",), cameo="193")]),
                    (b, [pred("PROTEST", ("ISR",), cameo="141")])])  # fmt: skip
    d = report.to_dict()
    assert d["items"] == 2
    assert (d["type"]["tp"], d["type"]["fp"], d["type"]["fn"]) == (1, 1, 0)
    assert d["type"]["precision"] == 0.5 and d["type"]["recall"] == 1.0
    assert d["cameo_root"]["items"] == 1 and d["cameo_root"]["tp"] == 1
    assert d["confusion"] == {"ASSAULT": {"ASSAULT": 1}, NONE: {"PROTEST": 1}}
    json.dumps(d)


def test_load_gold(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [{"id": 1, "text": "x", "date": None, "events": [ev("AID", ["USA"], ["NPL"])]},
             {"id": "2", "text": "y", "date": "2024-01-02", "noevents": True, "events": []}]  # fmt: skip
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    items = load_gold(path)
    assert [i.id for i in items] == ["1", "2"] and items[1].noevents
    assert items[0].article().text == "x" and items[1].article().date is not None
    path.write_text('{"id": "1", "text": "x", "events": [{"plover": "HUG", "source": []}]}\n')
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:1"):
        load_gold(path)
    path.write_text("{not json\n")
    with pytest.raises(GoldFormatError):
        load_gold(path)


# --- the command --------------------------------------------------------------------


def _eval(args: list[str]) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from newsevents.cli import main

    result = CliRunner().invoke(main, ["eval", *args])
    return result.exit_code, result.stdout, result.stderr


def test_eval_bad_gold_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "1", "text": "x", "events": [{"plover": "HUG", "source": []}]}\n')
    code, out, err = _eval([str(path)])
    assert code == 1 and out == ""
    assert err.startswith("error: ") and len(err.splitlines()) == 1 and "HUG" in err


@pytest.mark.slow
def test_eval_command_json(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    items = [
        {"id": "a", "text": "Police arrested dozens of protesters in Nairobi on Tuesday.",
         "date": "2024-06-26", "events": [ev("COERCE", ["KEN"], ["KEN"])]},
        {"id": "b", "text": "The weather was mild.", "date": None, "noevents": True,
         "events": []},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(x) + "\n" for x in items))
    code, out, err = _eval([str(path), "--format", "json"])
    assert code == 0, err
    report = json.loads(out)
    assert report["items"] == 2 and report["errors"] == []
    for key in ("type", "dyad"):
        assert set(report[key]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    # One gold event in all: each predicted event is a TP or an FP, the gold one TP or FN.
    assert report["type"]["tp"] + report["type"]["fn"] == 1
    assert set(report["actors"]) == {"matched_events", "source_country", "target_country",
                                     "sector"}  # fmt: skip


@pytest.mark.slow
def test_eval_writes_errors_and_per_type_scores(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    items = [
        {"id": "a", "text": "Police arrested dozens of protesters in Nairobi on Tuesday.",
         "date": "2024-06-26", "events": [ev("PROTEST", ["KEN"], ["KEN"])]},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(x) + "\n" for x in items))
    errors = tmp_path / "errors.jsonl"
    code, out, err = _eval([str(path), "--format", "json", "--errors", str(errors),
                            "--min-confidence", "0"])  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    # the arrest is coded, the gold wants a protest: a COERCE false positive, a PROTEST miss
    assert report["by_type"]["COERCE"]["fp"] == 1 and report["by_type"]["PROTEST"]["fn"] == 1
    rows = [json.loads(line) for line in errors.read_text().splitlines()]
    kinds = {r["kind"] for r in rows}
    assert kinds <= {"wrong_type", "spurious", "missed"} and rows
    assert all(r["item"] == "a" for r in rows)
    assert any("arrested" in (r.get("predicted") or {}).get("sentence", "") for r in rows)


def test_a_gold_item_opening_with_a_wire_dateline_is_read_as_the_reader_reads_it() -> None:
    from newsevents.evaluate import GoldItem
    from newsevents.read.dateline import DatelineParser

    text = ("HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper accused China of "
            "coercion.\n\nHe urged Vietnam to push back.")  # fmt: skip
    item = GoldItem("x", text)
    article = item.article(DatelineParser.load())
    assert article.dateline is not None and article.dateline.country == "VNM"
    assert article.paragraphs[0].startswith("U.S. Defense Secretary")
    assert len(article.paragraphs) == 2
    # without a parser (or a dateline) the text stays as it is
    assert item.article().text == text
    assert GoldItem("y", "Talks resumed.").article(DatelineParser.load()).text == "Talks resumed."
