"""The `matchmaker` commands, run in the test transaction."""

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
