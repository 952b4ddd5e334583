"""How far to trust an event: a calibrated probability from the coder's own evidence.

Each event's ``confidence`` is a logistic model over what the coder knows about it: which
kind of rule fired (a curated verb pattern with its object, an imported one, a noun, a
judgement read from reported speech), how specific the pattern was, the kinds of its
actors (a government acting on a party, a bare country, an unknown name), modality and
attribution, the story's topic, and how often the article repeats it. The weights live
in ``data/coding/confidence.json``, fitted by ``scripts/train_confidence.py`` (fixed seed)
on the team's real-news gold with sport and entertainment stories as negatives; its
reliability is measured on gold it never saw (bench/RESULTS.md). The model file is a few
hundred bytes of JSON: no learning library is needed at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources

from ..model import PLOVER_TYPES, Event
from .patterns import PATTERN_DATA
from .scope import ActorKinds, Topic

MODEL_FILE = "confidence.json"
QUOTES = frozenset('"“‘\'')
AUTHORITY_KINDS = frozenset({"government", "military", "police", "judiciary", "legislature",
                             "igo", "state"})  # fmt: skip


def _origin_kind(pattern: str) -> str:
    if pattern.startswith("derived:"):
        return pattern.split(":", 1)[1]
    return pattern.split(".", 1)[0]  # "verbs", "verbs_cameo", "nouns", "idioms"


def event_features(
    event: Event, kinds: ActorKinds, topic: Topic, specificity: int
) -> dict[str, float]:
    """The evidence the model weighs, each in [0, 1]; names are the model file's keys."""
    origin = _origin_kind(event.pattern)
    src = [kinds.kind(a) for a in event.source]
    tgt = [kinds.kind(a) for a in event.target]
    political = kinds.political
    f: dict[str, float] = {
        f"rule={origin}": 1.0,
        "specific": min(specificity, 3) / 3,
        "source_political": float(any(k in political for k in src)),
        "source_authority": float(any(k in AUTHORITY_KINDS for k in src)),
        "source_state": float(all(k == "state" for k in src)),
        "source_named_person": float(any(a.name for a in event.source)),
        "target": float(bool(event.target)),
        "target_political": float(any(k in political for k in tgt)),
        "target_unknown": float(any(k == "unknown" for k in tgt)),
        "foreign": float(
            bool({a.country for a in event.source if a.country})
            and bool({a.country for a in event.target if a.country})
            and not {a.country for a in event.source} & {a.country for a in event.target}
        ),
        "reported": float(event.modality == "reported"),
        "repeated": float(event.mentions > 1),
        "quoted": float(event.sentence.lstrip()[:1] in QUOTES),
        "topic_off": float(topic.domain is not None),
    }
    if event.plover:
        f[f"type={event.plover}"] = 1.0
    return f


FEATURE_NAMES: tuple[str, ...] = (
    "rule=verbs", "rule=verbs_cameo", "rule=nouns", "rule=stance", "rule=speech-demand",
    "specific", "source_political", "source_authority", "source_state",
    "source_named_person", "target", "target_political", "target_unknown", "foreign",
    "reported", "repeated", "quoted", "topic_off",
    *(f"type={t}" for t in PLOVER_TYPES),
)  # fmt: skip


@dataclass(frozen=True)
class ConfidenceModel:
    bias: float
    weights: dict[str, float]
    version: str

    @classmethod
    def load(cls) -> ConfidenceModel:
        path = resources.files("newsevents").joinpath(f"{PATTERN_DATA}/{MODEL_FILE}")
        data = json.loads(path.read_text("utf-8"))
        unknown = set(data["weights"]) - set(FEATURE_NAMES)
        if unknown:
            raise ValueError(f"{MODEL_FILE}: unknown features {sorted(unknown)}")
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                   str(data.get("version", "")))  # fmt: skip

    def score(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return round(1.0 / (1.0 + math.exp(-z)), 3)
