"""One event once: mentions of the same event within an article become one event.

Two events are the same when they have the same dyad (reciprocal events in either
direction), PLOVER type (CAMEO code for statements), date and factuality. The merged
event keeps the first mention's sentence and trigger, the most specific CAMEO code, the
highest confidence, a ``mentions`` count and every mention's span.
"""

from __future__ import annotations

import dataclasses

from ..model import Actor, Event

RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def _side(actors: tuple[Actor, ...]) -> frozenset[str]:
    return frozenset(a.code or a.country or a.text for a in actors)


def merge_key(e: Event) -> tuple[object, ...]:
    src, tgt = _side(e.source), _side(e.target)
    dyad: tuple[object, ...] = (src, tgt)
    if e.plover in RECIPROCAL_TYPES:
        dyad = (frozenset({src, tgt}),)
    kind = e.plover or e.cameo
    return (*dyad, kind, e.date, e.factual)


def _combine(a: Event, b: Event) -> Event:
    spans = tuple(dict.fromkeys((*(a.spans or (a.span,)), *(b.spans or (b.span,)))))
    better = (
        b
        if len(b.cameo) > len(a.cameo)
        or (b.cameo[2:] != "0" and a.cameo.endswith("0") and len(b.cameo) == len(a.cameo))
        else a
    )
    return dataclasses.replace(
        a,
        cameo=better.cameo,
        plover_mode=better.plover_mode,
        goldstein=better.goldstein,
        quad_class=better.quad_class,
        location=a.location or b.location,
        place_source=a.place_source if a.location else b.place_source,
        attribution=a.attribution,
        confidence=max(a.confidence, b.confidence),
        mentions=a.mentions + b.mentions,
        spans=spans,
        event_id=a.event_id,
    )


def merge_events(events: list[Event]) -> list[Event]:
    """Merge repeated mentions of one event, keeping first-mention order."""
    merged: dict[tuple[object, ...], Event] = {}
    for e in events:
        key = merge_key(e)
        prior = merged.get(key)
        if prior is None:
            merged[key] = dataclasses.replace(e, spans=e.spans or (e.span,))
        else:
            merged[key] = _combine(prior, e)
    return list(merged.values())
