"""Settings: nothing needs to be set, and MATCHMAKER_* variables override the defaults."""

import pytest

from matchmaker.config import load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "TOKEN_TTL_HOURS", "LOGIN_LIMIT", "RATELIMIT_STORAGE_URL", "MAX_JSON_BYTES"):
        monkeypatch.delenv(f"MATCHMAKER_{name}", raising=False)


def test_defaults_use_sqlite_and_a_secret_kept_in_the_instance_folder(tmp_path):
    first = load_settings(str(tmp_path / "instance"))
    assert first["DATABASE_URL"] == f"sqlite:///{tmp_path / 'instance' / 'matchmaker.sqlite3'}"
    assert len(first["SECRET_KEY"]) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0
    assert load_settings(str(tmp_path / "instance"))["SECRET_KEY"] == first["SECRET_KEY"]


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("MATCHMAKER_TOKEN_TTL_HOURS", "2")
    settings = load_settings(str(tmp_path))
    assert settings["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert settings["TOKEN_TTL_HOURS"] == 2
    monkeypatch.setenv("MATCHMAKER_TOKEN_TTL_HOURS", "two")
    with pytest.raises(SystemExit, match="TOKEN_TTL_HOURS"):
        load_settings(str(tmp_path))


def test_hostile_input_limits_come_from_the_environment(tmp_path, monkeypatch):
    defaults = load_settings(str(tmp_path))
    assert (defaults["LOGIN_LIMIT"], defaults["RATELIMIT_STORAGE_URL"], defaults["MAX_JSON_BYTES"]) == (
        "10 per minute", "memory://", 1 << 20)
    monkeypatch.setenv("MATCHMAKER_LOGIN_LIMIT", "5 per minute;50 per day")
    monkeypatch.setenv("MATCHMAKER_RATELIMIT_STORAGE_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("MATCHMAKER_MAX_JSON_BYTES", "65536")
    settings = load_settings(str(tmp_path))
    assert settings["LOGIN_LIMIT"] == "5 per minute;50 per day"
    assert settings["RATELIMIT_STORAGE_URL"] == "redis://127.0.0.1:6379/0"
    assert settings["MAX_JSON_BYTES"] == 65536


def test_evaluation_weights_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("MATCHMAKER_EVALUATION_WEIGHTS", raising=False)
    assert load_settings(str(tmp_path))["EVALUATION_WEIGHTS"]["landed_local"] == 3.0
    monkeypatch.setenv("MATCHMAKER_EVALUATION_WEIGHTS", "landed_local=5, occupancy=0")
    weights = load_settings(str(tmp_path))["EVALUATION_WEIGHTS"]
    assert (weights["landed_local"], weights["occupancy"], weights["graduated"]) == (5.0, 0.0, 2.0)
    for bad in ("landed=5", "revenue=-1", "revenue=x",
                "occupancy=0,admitted=0,talents=0,financing=0,revenue=0,graduated=0,landed_local=0"):
        monkeypatch.setenv("MATCHMAKER_EVALUATION_WEIGHTS", bad)
        with pytest.raises(SystemExit, match="EVALUATION_WEIGHTS"):
            load_settings(str(tmp_path))
