"""Give the dashboard's world outline ISO 3166-1 alpha-3 country ids.

world-atlas ships `countries-110m.json` with ISO numeric ids ("840"); plotly.js finds a
country by its alpha-3 code ("USA") in the `countries` layer, which the event map needs
to shade the countries of country-precise events. This rewrites each country's `id` to
its alpha-3 code (pycountry; Kosovo XKX, Northern Cyprus and Somaliland, which have no
code of their own, by name) and keeps the numeric one as the property `numeric`.
Running it twice changes nothing.

    python scripts/topojson_iso3.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

PATH = Path(__file__).resolve().parents[1] / "src/newsevents/web/static/topojson/world_110m.json"
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def main() -> None:
    topology = json.loads(PATH.read_text(encoding="utf-8"))
    for geometry in topology["objects"]["countries"]["geometries"]:
        props = geometry.setdefault("properties", {})
        numeric = props.get("numeric") or geometry.get("id")
        found = pycountry.countries.get(numeric=str(numeric)) if numeric else None
        iso3 = found.alpha_3 if found else BY_NAME.get(props.get("name", ""))
        if numeric:
            props["numeric"] = str(numeric)
        if iso3:
            geometry["id"] = iso3
    PATH.write_text(json.dumps(topology, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main()
