"""Login rate limiting per client address and username, and the size limits on request bodies."""

import socket

import pytest
import sqlalchemy as sa

from api.limits import limiter
from models.incubator import Incubator

from ..factories import PASSWORD, UserFactory

LOGIN = "/api/v1/auth/token"
REDIS_URL = "redis://127.0.0.1:6379/0"


def attempt(client, username, password="wrong password", addr="10.1.1.1"):
    # REMOTE_ADDR is only the WSGI environ of the test client: nothing is sent anywhere.
    return client.post(LOGIN, json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": addr})


@pytest.fixture
def three_per_minute(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "3 per minute")


def assert_rate_limited(response):
    assert response.status_code == 429
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 429 and "登录尝试过于频繁" in response.json["detail"]
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_the_attempt_after_the_limit_is_429_with_retry_after(client, three_per_minute):
    assert [attempt(client, "alice").status_code for _ in range(3)] == [401, 401, 401]
    assert_rate_limited(attempt(client, "alice"))
    # Even the right password waits: the limit is on attempts, not on failures.
    UserFactory(username="bob")
    for _ in range(3):
        attempt(client, "bob")
    assert_rate_limited(attempt(client, "bob", PASSWORD))


def test_the_limit_is_per_client_address_and_username(client, three_per_minute):
    for _ in range(3):
        attempt(client, "alice")
    assert_rate_limited(attempt(client, "alice"))
    assert_rate_limited(attempt(client, " ALICE "))  # the same account, however it is typed
    assert attempt(client, "carol").status_code == 401
    assert attempt(client, "alice", addr="10.2.2.2").status_code == 401


def test_the_default_allows_ten_attempts_a_minute(client):
    assert {attempt(client, "dave").status_code for _ in range(10)} == {401}
    assert_rate_limited(attempt(client, "dave"))


def test_other_requests_are_not_limited(client, admin_headers, three_per_minute):
    for _ in range(3):
        attempt(client, "alice", addr="127.0.0.1")
    statuses = {client.get("/api/v1/auth/me", headers=admin_headers).status_code for _ in range(50)}
    statuses |= {client.get("/api/v1/health").status_code for _ in range(50)}
    assert statuses == {200}


def test_only_attempts_to_log_in_count(client, admin_headers, three_per_minute):
    # Revoking a token is the same endpoint as logging in, with no username: the same key.
    for _ in range(3):
        client.post(LOGIN, json={"username": "", "password": ""}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert client.post(LOGIN, json={"username": "", "password": ""}).status_code == 429
    assert client.delete(LOGIN, headers=admin_headers).status_code == 204


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_limits(app, monkeypatch):
    """The app's limiter counting in the real Redis, as several servers would share it."""
    if not _redis_reachable():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", REDIS_URL)
    limiter.init_app(app)
    limiter.reset()
    yield limiter
    limiter.reset()
    monkeypatch.undo()
    limiter.init_app(app)


def test_counters_live_in_redis_when_configured(client, redis_limits, three_per_minute):
    import redis

    assert type(redis_limits.storage).__name__ == "RedisStorage"
    for _ in range(3):
        assert attempt(client, "erin").status_code == 401
    assert_rate_limited(attempt(client, "erin"))
    # Another server reads the same counter: it is in Redis, not in this process.
    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(match="*matchmaker*")]
    assert any("10.1.1.1/erin" in key for key in keys), keys
    redis_limits.reset()
    assert attempt(client, "erin").status_code == 401


def test_a_json_body_over_the_limit_is_413_before_it_is_parsed(client, app, admin_headers, db, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_BYTES", 2048)
    small = {"name": "小孵化器", "district": "鹿城区", "level": "provincial", "industries": ["C38"]}
    big = {**small, "name": "大孵化器", "description": "x" * 4096}
    response = client.post("/api/v1/incubators", json=big, headers=admin_headers)
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 413 and response.json["detail"]
    # Not even parsed: a body that is not JSON at all is refused for its size alone.
    junk = client.post("/api/v1/incubators", data=b"{" * 4096, headers=admin_headers,
                       content_type="application/json")
    assert junk.status_code == 413
    assert db.scalar(sa.select(sa.func.count()).select_from(Incubator)) == 0
    assert client.post("/api/v1/incubators", json=small, headers=admin_headers).status_code == 201


def test_the_default_json_limit_is_one_megabyte(client, admin_headers):
    body = b'{"username": "' + b"a" * (1 << 20) + b'", "password": "x"}'
    response = client.post(LOGIN, data=body, content_type="application/json")
    assert response.status_code == 413 and response.content_type == "application/problem+json"


def test_an_upload_over_the_limit_is_413_problem(client, app, admin_headers, db):
    limit = app.config["MAX_CONTENT_LENGTH"]
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
    body = head + "名称,区县,级别\n".encode() + b"x" * (limit - len(head))
    response = client.post("/api/v1/imports/incubators", data=body, headers=admin_headers,
                           content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 413
    assert db.scalar(sa.select(sa.func.count()).select_from(Incubator)) == 0
