"""Settings: every setting documented, layers applied in order, bad values refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsevents.config import SETTING_HELP, ConfigError, Settings, load_settings


def test_every_setting_is_documented() -> None:
    names = {f.name for f in dataclasses.fields(Settings)}
    assert names == set(SETTING_HELP)
    assert all(SETTING_HELP[n].strip() for n in names)


def test_defaults_file_matches_dataclass_defaults() -> None:
    assert load_settings(env={}) == Settings()


def test_layers_user_file_then_env_then_overrides(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('model = "from_file"\nbatch_size = 8\nworkers = 3\n')
    env = {"NEWSEVENTS_CONFIG": str(cfg), "NEWSEVENTS_BATCH_SIZE": "16"}
    s = load_settings(env=env, workers=5)
    assert (s.model, s.batch_size, s.workers) == ("from_file", 16, 5)


def test_env_list_and_bool(tmp_path: Path) -> None:
    env = {
        "NEWSEVENTS_CONFIG": str(tmp_path / "none.toml"),
        "NEWSEVENTS_ACTORS_FILES": "a.jsonl:b.jsonl",
        "NEWSEVENTS_INCLUDE_STATEMENTS": "yes",
    }
    s = load_settings(env=env)
    assert s.actors_files == ("a.jsonl", "b.jsonl")
    assert s.include_statements is True


@pytest.mark.parametrize(
    ("key", "value"),
    [("batch_size", "0"), ("workers", "-1"), ("batch_size", "many"), ("nonsense", "1")],
)
def test_bad_values_are_refused(key: str, value: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings(env={"NEWSEVENTS_CONFIG": str(tmp_path / "x.toml")}, **{key: value})


def test_broken_user_file_names_the_file(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("model = \n")
    with pytest.raises(ConfigError, match="config.toml"):
        load_settings(env={"NEWSEVENTS_CONFIG": str(cfg)})
