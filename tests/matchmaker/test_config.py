"""Settings: nothing needs to be set, and MATCHMAKER_* variables override the defaults."""

import pytest

from matchmaker.config import load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "TOKEN_TTL_HOURS"):
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
