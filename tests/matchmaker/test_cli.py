"""The `matchmaker` commands, run in the test transaction."""

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from models.project import Project, Status
from models.reference import Industry


def test_users_create_reads_the_password_from_stdin_and_token_works(app, client):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["users", "create", "zhang", "--role", "promotion"], input="a long password\n")
    assert created.exit_code == 0, created.output
    token = runner.invoke(args=["users", "token", "zhang"])
    assert token.exit_code == 0
    headers = {"Authorization": f"Bearer {token.output.strip()}"}
    assert client.get("/api/v1/auth/me", headers=headers).json["role"] == "promotion"
    login = client.post("/api/v1/auth/token", json={"username": "zhang", "password": "a long password"})
    assert login.status_code == 200


def test_users_create_explains_what_is_wrong(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "op", "--role", "incubator"], input="a long password\n")
    assert result.exit_code != 0 and "孵化器" in result.output
    unknown = runner.invoke(args=["users", "token", "nobody"])
    assert unknown.exit_code != 0 and "nobody" in unknown.output


def test_industries_import_loads_a_csv(app, db, tmp_path):
    path = tmp_path / "gbt.csv"
    path.write_text("code,name,level,parent\nA011,谷物种植,group,A01\nA0111,稻谷种植,class,A011\n", encoding="utf-8-sig")
    result = app.test_cli_runner().invoke(args=["industries", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert db.get(Industry, "A0111").parent == "A011"
    path.write_text("code,name\nA0112,小麦种植\nA01X,坏\n", encoding="utf-8")
    bad = app.test_cli_runner().invoke(args=["industries", "import", str(path)])
    assert bad.exit_code != 0 and "row 3.code" in bad.output
    assert db.get(Industry, "A0112") is None


def test_sample_data_loads_once_with_histories(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sample-data", "load"])
    assert result.exit_code == 0, result.output
    projects = db.scalars(sa.select(Project)).all()
    assert len(projects) >= 40
    graduated = [p for p in projects if p.status is Status.graduated]
    assert graduated and all(p.history[0].action == "admit" and p.history[-1].action == "graduate" for p in graduated)
    assert all(p.history[0].at < p.history[-1].at for p in graduated)
    again = runner.invoke(args=["sample-data", "load"])
    assert again.exit_code != 0


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path):
    from matchmaker import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(args=["serve", "--port", "1"])
    assert result.exit_code != 0 and "db upgrade" in result.output


# What makes a command line slow to start; `--help` must need none of it (`matchmaker bench cli` times it).
HEAVY = ("api", "services", "models", "matching", "sqlalchemy", "sklearn", "numpy", "weasyprint", "flask_smorest")


def test_help_lists_our_commands_only_and_loads_nothing_heavy():
    probe = (
        "import sys\n"
        "from matchmaker.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    result = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True, check=True)
    *help_lines, loaded = result.stdout.strip().splitlines()
    assert loaded == "[]"
    listed = {line.split()[0] for line in help_lines if line.startswith("  ") and not line.strip().startswith("-")}
    assert {"demo", "serve", "import", "export", "report", "users", "db", "bench"} <= listed
    assert not listed & {"run", "shell", "routes", "limiter", "openapi"}


def test_help_table_says_what_each_command_says_of_itself():
    from matchmaker.cli import COMMANDS, load_command

    for name, entry in COMMANDS.items():
        assert entry.help == load_command(name).get_short_help_str(limit=300), name


@pytest.mark.parametrize("verbose", [False, True])
def test_commands_are_quiet_unless_asked(tmp_path, verbose, monkeypatch):
    monkeypatch.delenv("MATCHMAKER_LOG_LEVEL", raising=False)
    env = {**os.environ, "MATCHMAKER_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "MATCHMAKER_SECRET_KEY": "x"}
    args = [sys.executable, "-m", "matchmaker", *(["--verbose"] if verbose else []), "db", "upgrade"]
    result = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    assert ("alembic" in result.stderr) is verbose
