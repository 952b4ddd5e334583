"""Write tests/fixtures/team_gold.jsonl: the team's own hand-annotated sentences.

Each line follows CONTRACT.md's gold format. The sentences are written by the team (not
taken from any benchmark) and annotated as an analyst would code them; the eval floor
test in tests/test_eval_floor.py scores the coder on them. Edit the table below, then
rerun this script.
"""

from __future__ import annotations

import json
from pathlib import Path

# (id, date, text, [(source countries/sectors, target countries/sectors, plover, cameo, reciprocal)])
A = tuple[str, str | None]  # (country, sector)


def actor(country: str | None, sector: str | None = None) -> dict[str, str | None]:
    code = (country or "") + (sector or "") or None
    return {"code": code, "country": country, "sector": sector}


ITEMS: list[tuple[str, str | None, str, list[tuple[list[A], list[A], str, str | None, bool]]]] = [
    ("T01", "2025-03-04", "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday to discuss the war in Ukraine.",
     [([("FRA", "GOV")], [("DEU", "GOV")], "CONSULT", "042", False)]),
    ("T02", "2025-01-10", "Israeli troops attacked a refugee camp in the northern Gaza Strip on Friday, killing at least 12 people, Palestinian health officials said.",
     [([("ISR", "MIL")], [("PSE", None)], "ASSAULT", "190", False)]),
    ("T03", "2024-11-20", "The United States imposed new sanctions on Iranian oil exports on Wednesday.",
     [([("USA", None)], [("IRN", None)], "COERCE", "163", False)]),
    ("T04", "2025-02-14", "Kenyan police arrested dozens of protesters in Nairobi on Thursday.",
     [([("KEN", "COP")], [("KEN", "CVL")], "COERCE", "173", False)]),
    ("T05", "2024-09-02", "Thousands of protesters rallied in Tbilisi on Sunday against the Georgian government.",
     [([("GEO", "CVL")], [("GEO", "GOV")], "PROTEST", "141", False)]),
    ("T06", "2025-04-01", "Japan pledged $500 million in humanitarian aid to Ukraine on Tuesday.",
     [([("JPN", None)], [("UKR", None)], "AGREE", "0333", False)]),
    ("T07", "2025-05-12", "India and Pakistan agreed to a ceasefire along the Line of Control.",
     [([("IND", None), ("PAK", None)], [], "AGREE", None, True)]),
    ("T08", "2024-10-08", "North Korea threatened to strike South Korea if its drones crossed the border again.",
     [([("PRK", None)], [("KOR", None)], "THREATEN", "138", False)]),
    ("T09", "2025-06-03", "Russia accused Ukraine of attacking a power plant in the Kursk region.",
     [([("RUS", None)], [("UKR", None)], "ACCUSE", "112", False)]),
    ("T10", "2024-12-05", "Germany sent additional air defence systems to Ukraine on Thursday.",
     [([("DEU", None)], [("UKR", None)], "AID", "072", False)]),
    ("T11", "2025-01-22", "China expelled two Canadian diplomats on Wednesday.",
     [([("CHN", None)], [("CAN", "GOV")], "SANCTION", "166", False)]),
    ("T12", "2024-08-19", "Egypt urged Israel and Hamas to accept a new ceasefire proposal.",
     [([("EGY", None)], [("ISR", None), ("PSE", None)], "REQUEST", None, False)]),
    ("T13", "2025-03-18", "Turkey deployed troops to its border with Syria on Monday.",
     [([("TUR", None)], [("SYR", None)], "MOBILIZE", "154", False)]),
    ("T14", "2024-07-15", "South Korea and Japan signed an agreement on defence cooperation in Seoul.",
     [([("KOR", None), ("JPN", None)], [], "SUPPORT", "057", True)]),
    ("T15", "2025-02-03", "Venezuela rejected the United States' demand to release detained opposition leaders.",
     [([("VEN", None)], [("USA", None)], "REJECT", None, False)]),
    ("T16", "2024-11-11", "The European Union praised Moldova for its progress on judicial reform.",
     [([(None, "IGO")], [("MDA", None)], "SUPPORT", "051", False)]),
    ("T17", "2025-01-27", "Rwandan-backed rebels seized the eastern Congolese city of Goma on Monday.",
     [([("RWA", "REB")], [("COD", None)], "COERCE", "192", False)]),
    ("T18", "2024-10-30", "Iran released a British-Iranian aid worker on Wednesday after two years in prison.",
     [([("IRN", None)], [("GBR", None)], "RETREAT", "0841", False)]),
    ("T19", "2025-04-22", "The Indian foreign minister criticized China over its new map claiming Arunachal Pradesh.",
     [([("IND", "GOV")], [("CHN", None)], "ACCUSE", "111", False)]),
    ("T20", "2024-06-06", "NATO defence ministers discussed support for Ukraine at a meeting in Brussels.",
     [([(None, "IGO")], [("UKR", None)], "CONSULT", None, False)]),
    ("T21", "2025-05-05", "Philippine and Chinese coast guard vessels collided near Scarborough Shoal, and Manila accused Beijing of dangerous manoeuvres.",
     [([("PHL", "GOV")], [("CHN", "GOV")], "ACCUSE", "112", False)]),
    ("T22", "2024-12-20", "Brazil's president Luiz Inacio Lula da Silva hosted Argentine President Javier Milei in Brasilia.",
     [([("BRA", "GOV")], [("ARG", "GOV")], "CONSULT", "043", False)]),
    ("T23", "2025-03-09", "Sudanese paramilitary forces shelled a hospital in El Fasher on Sunday.",
     [([("SDN", "MIL")], [("SDN", "MED")], "ASSAULT", "195", False)]),
    ("T24", "2024-09-25", "Saudi Arabia and Iran agreed to restore diplomatic relations.",
     [([("SAU", None), ("IRN", None)], [], "AGREE", None, True)]),
    ("T25", "2025-02-28", "Poland summoned the Russian ambassador over the sabotage of a rail line.",
     [([("POL", "GOV")], [("RUS", "GOV")], "ACCUSE", "114", False)]),
    ("T26", "2024-08-08", "Workers in South Africa went on strike to demand higher wages from the government.",
     [([("ZAF", "LAB")], [("ZAF", "GOV")], "PROTEST", "143", False)]),
    ("T27", "2025-06-10", "Nigeria's army killed 30 militants in an air strike in Borno state.",
     [([("NGA", "MIL")], [("NGA", "REB")], "ASSAULT", "195", False)]),
    ("T28", "2024-11-03", "The United Nations called on Myanmar's military to free political prisoners.",
     [([(None, "IGO")], [("MMR", "MIL")], "REQUEST", "1053", False)]),
    ("T29", "2025-01-15", "Azerbaijan and Armenia held peace talks in Abu Dhabi.",
     [([("AZE", None), ("ARM", None)], [], "CONSULT", "046", True)]),
    ("T30", "2024-07-02", "Hungary vetoed a European Union statement criticising China.",
     [([("HUN", None)], [(None, "IGO")], "REJECT", "129", False)]),
    ("T31", "2025-04-14", "Mexico deployed 10,000 National Guard troops to its northern border.",
     [([("MEX", None)], [], "MOBILIZE", "154", False)]),
    ("T32", "2024-10-21", "Ethiopia and Somalia did not reach an agreement during talks in Ankara.",
     [([("ETH", None), ("SOM", None)], [], "CONSULT", "046", True)]),
    ("T33", "2025-03-30", "Australian Prime Minister Anthony Albanese will visit Papua New Guinea next week.",
     []),
    ("T34", "2025-05-20", "Also on Tuesday, the weather in Paris was sunny and markets rose slightly.",
     []),
    ("T35", "2024-12-12", "Serbian police detained a Kosovo Albanian man near the border on Thursday.",
     [([("SRB", "COP")], [("XKX", None)], "COERCE", "173", False)]),
    ("T36", "2025-02-19", "Canada announced sanctions against Russian banks on Wednesday.",
     [([("CAN", None)], [("RUS", "BUS")], "COERCE", "163", False)]),
    ("T37", "2024-09-14", "Palestinian militants fired rockets at Israel from Gaza on Saturday.",
     [([("PSE", "REB")], [("ISR", None)], "ASSAULT", "190", False)]),
    ("T38", "2025-01-08", "Greece and Turkey discussed maritime borders in Athens on Wednesday.",
     [([("GRC", None), ("TUR", None)], [], "CONSULT", None, True)]),
    ("T39", "2024-11-26", "The Pentagon approved the sale of F-16 parts to Taiwan.",
     [([("USA", "MIL")], [("TWN", None)], "AID", None, False)]),
    ("T40", "2025-04-08", "Pakistani authorities deported hundreds of Afghan refugees on Tuesday.",
     [([("PAK", "GOV")], [("AFG", "REF")], "COERCE", "174", False)]),
]


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "team_gold.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for item_id, date, text, events in ITEMS:
            gold_events = [
                {
                    "source": [actor(c, s) for c, s in src],
                    "target": [actor(c, s) for c, s in tgt],
                    "plover": plover,
                    "cameo": cameo,
                    **({"reciprocal": True} if recip else {}),
                }
                for src, tgt, plover, cameo, recip in events
            ]
            row = {"id": item_id, "text": text, "date": date, "noevents": not events,
                   "events": gold_events, "set": "team"}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(ITEMS)} items to {out}")


if __name__ == "__main__":
    main()
