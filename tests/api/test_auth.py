"""Tokens: issued for a password, stored only as hashes, expiring and revocable."""

from datetime import timedelta

import sqlalchemy as sa

from models.base import utcnow
from models.user import ApiToken, Role, User

from ..factories import PASSWORD, IncubatorFactory, UserFactory


def login(client, username, password=PASSWORD):
    return client.post("/api/v1/auth/token", json={"username": username, "password": password})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_token_for_a_password_is_stored_only_as_a_hash(client, admin, db):
    response = login(client, admin.username)
    assert response.status_code == 200
    token = response.json["token"]
    assert response.json["expires_at"] > utcnow().isoformat()
    stored = db.scalars(sa.select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored) == 1 and len(stored[0]) == 64
    assert client.get("/api/v1/auth/me", headers=bearer(token)).json["username"] == admin.username


def test_wrong_password_or_unknown_user_is_401_without_saying_which(client, admin):
    wrong = login(client, admin.username, "not the password")
    unknown = login(client, "nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["detail"] == unknown.json["detail"]
    assert wrong.content_type == "application/problem+json"


def test_missing_expired_and_revoked_tokens_are_refused(client, admin, db):
    assert client.get("/api/v1/projects").status_code == 401
    assert client.get("/api/v1/projects", headers=bearer("made-up")).status_code == 401

    token = login(client, admin.username).json["token"]
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 200
    db.execute(sa.update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = client.get("/api/v1/projects", headers=bearer(token))
    assert expired.status_code == 401 and "Bearer" in expired.headers["WWW-Authenticate"]

    token = login(client, admin.username).json["token"]
    assert client.delete("/api/v1/auth/token", headers=bearer(token)).status_code == 204
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401


def test_deactivating_a_user_revokes_its_tokens(client, admin_headers, db):
    user = UserFactory(role=Role.promotion)
    token = login(client, user.username).json["token"]
    response = client.patch(f"/api/v1/users/{user.id}", json={"active": False}, headers=admin_headers)
    assert response.status_code == 200 and response.json["active"] is False
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401
    assert login(client, user.username).status_code == 401


def test_admin_creates_users_and_others_cannot(client, admin_headers, promotion_headers, db):
    incubator = IncubatorFactory()
    body = {"username": "op1", "password": "long enough pw", "role": "incubator", "incubator_id": incubator.id}
    assert client.post("/api/v1/users", json=body, headers=promotion_headers).status_code == 403
    created = client.post("/api/v1/users", json=body, headers=admin_headers)
    assert created.status_code == 201 and "password" not in created.json
    assert db.scalar(sa.select(User.password_hash).where(User.username == "op1")).startswith("scrypt:")
    assert client.post("/api/v1/users", json=body, headers=admin_headers).status_code == 409
    unbound = client.post(
        "/api/v1/users", json={**body, "username": "op2", "incubator_id": None}, headers=admin_headers
    )
    assert unbound.status_code == 422 and "incubator_id" in unbound.json["errors"]
    short = client.post("/api/v1/users", json={**body, "username": "op3", "password": "short"}, headers=admin_headers)
    assert short.status_code == 422 and "password" in short.json["errors"]
