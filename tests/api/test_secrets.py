"""Passwords and tokens exist in plain text only in the request that carries them: never in a
database column (tokens are SHA-256 hashes, passwords scrypt), never in the logs or the audit trail."""

import logging

import sqlalchemy as sa

from models.audit import AuditEntry

from ..factories import PASSWORD

FIRST = "first-Secret-pw-7391"
SECOND = "second-Secret-pw-2846"
WRONG = "wrong-Secret-pw-5502"
CLI_PASSWORD = "cli-Secret-pw-1177"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def every_secret_moment(app, client, admin, admin_headers) -> list[str]:
    """Log in, use tokens, create a user, change its password, fail a login, use the CLI; the secrets."""
    secrets = [PASSWORD, FIRST, SECOND, WRONG, CLI_PASSWORD, admin_headers["Authorization"].split()[1]]
    admin_token = client.post("/api/v1/auth/token", json={"username": admin.username, "password": PASSWORD})
    assert admin_token.status_code == 200
    secrets.append(admin_token.json["token"])
    created = client.post("/api/v1/users", headers=bearer(admin_token.json["token"]),
                          json={"username": "secretive", "password": FIRST, "role": "promotion"})
    assert created.status_code == 201
    first = client.post("/api/v1/auth/token", json={"username": "secretive", "password": FIRST}).json["token"]
    secrets.append(first)
    assert client.get("/api/v1/projects", headers=bearer(first)).status_code == 200
    changed = client.patch(f"/api/v1/users/{created.json['id']}", json={"password": SECOND}, headers=admin_headers)
    assert changed.status_code == 200
    assert client.get("/api/v1/auth/me", headers=bearer(first)).status_code == 401  # the reset revoked it
    assert client.post("/api/v1/auth/token", json={"username": "secretive", "password": WRONG}).status_code == 401
    second = client.post("/api/v1/auth/token", json={"username": "secretive", "password": SECOND}).json["token"]
    secrets.append(second)
    assert client.delete("/api/v1/auth/token", headers=bearer(second)).status_code == 204
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "cli-user", "--role", "admin"], input=CLI_PASSWORD + "\n").exit_code == 0
    printed = runner.invoke(args=["users", "token", "cli-user"])
    assert printed.exit_code == 0
    secrets.append(printed.output.strip().split()[-1])
    assert client.get("/api/v1/auth/me", headers=bearer(secrets[-1])).status_code == 200
    return secrets


def every_stored_value(db) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every cell of every table in the database."""
    meta = sa.MetaData()
    meta.reflect(bind=db.connection())
    cells = []
    for table in meta.sorted_tables:
        for row in db.execute(sa.select(table)).mappings():
            for column, value in row.items():
                if value is not None:
                    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                    cells.append((table.name, column, text))
    return cells


def test_no_column_anywhere_holds_a_plain_password_or_token(app, client, admin, admin_headers, db):
    secrets = every_secret_moment(app, client, admin, admin_headers)
    cells = every_stored_value(db)
    tables = {table for table, _, _ in cells}
    assert {"users", "api_tokens", "audit_log"} <= tables  # the scan reads what it should
    assert any(value == "secretive" for _, _, value in cells)
    leaks = [(table, column) for table, column, value in cells for secret in secrets if secret in value]
    assert leaks == []


def test_no_password_or_token_in_the_logs_or_the_audit_trail(app, client, admin, admin_headers, db, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "werkzeug", "flask_limiter", "api", "matchmaker", "models"):
        caplog.set_level(logging.DEBUG, logger=name)
    secrets = every_secret_moment(app, client, admin, admin_headers)
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    logins = [r.getMessage() for r in caplog.records if r.name == "api.auth.routes"]
    assert any("failed login for 'secretive'" in m for m in logins) and any("issued to secretive" in m for m in logins)
    audit = db.scalars(sa.select(AuditEntry)).all()
    assert "users" in {entry.entity for entry in audit}  # creation and password change are audited
    trail = "\n".join(f"{entry.action} {entry.entity} {entry.changes!r}" for entry in audit)
    for secret in secrets:
        assert secret not in logged
        assert secret not in trail


def test_a_bad_login_body_does_not_echo_the_secret(client):
    body = {"username": "x" * 81, "password": "echo-Secret-pw-4410", "token": "echo-Secret-tok"}
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 422
    assert "echo-Secret" not in response.get_data(as_text=True)
