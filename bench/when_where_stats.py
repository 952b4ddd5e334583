"""How events are dated and placed: counts over `newsevents code` JSON lines.

    .venv/bin/newsevents code PATH... --workers 1 | .venv/bin/python bench/when_where_stats.py

Prints one JSON object: the number of events, how many have a location, and the events
by date source, date precision, place source and place precision ("None" where a field
is missing, as in output from before these fields existed).
"""

from __future__ import annotations

import json
import sys
from collections import Counter


def main() -> None:
    counts: Counter[str] = Counter()
    events = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        events += 1
        location = event.get("location")
        counts["located"] += location is not None
        counts[f"date_source:{event.get('date_source')}"] += 1
        counts[f"date_precision:{event.get('date_precision')}"] += 1
        counts[f"place_source:{event.get('place_source')}"] += 1
        if location:
            counts[f"place_precision:{location.get('precision')}"] += 1
    print(json.dumps({"events": events, **dict(sorted(counts.items()))}))


if __name__ == "__main__":
    main()
