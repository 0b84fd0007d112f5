"""The failed-login lockout per username, counted in the database so that it holds across workers."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from api.limits import limiter
from models.base import utcnow
from models.errors import LockedOut
from models.user import LoginFailure
from models.user_service import Lockout, sign_in

from ..factories import PASSWORD, UserFactory
from ..web.conftest import csrf_token

LOGIN = "/api/v1/auth/token"


def attempt(client, username, password="wrong password", addr="10.1.1.1"):
    return client.post(LOGIN, json={"username": username, "password": password}, environ_base={"REMOTE_ADDR": addr})


def test_ten_failures_lock_the_username_across_workers_and_addresses(client, db):
    UserFactory(username="frank")
    statuses = []
    for n in range(10):
        # Each attempt from another address and another worker: the in-memory limiter sees
        # one attempt each time (what two workers with their own counters did: 19 passed).
        limiter.reset()
        statuses.append(attempt(client, "frank", addr=f"10.0.0.{n}").status_code)
    assert statuses == [401] * 10
    limiter.reset()
    locked = attempt(client, "Frank ", PASSWORD, addr="10.0.0.99")  # even the right password waits
    assert locked.status_code == 429 and locked.content_type == "application/problem+json"
    assert "暂时锁定" in locked.json["detail"]
    assert 14 * 60 <= int(locked.headers["Retry-After"]) <= 15 * 60
    assert db.get(LoginFailure, "frank").failures == 10


def test_unknown_usernames_lock_the_same_way(client):
    for n in range(10):
        limiter.reset()
        assert attempt(client, "nobody", addr=f"10.0.1.{n}").status_code == 401
    limiter.reset()
    assert attempt(client, "nobody").status_code == 429  # no hint whether the account exists


def test_a_success_clears_the_count_and_the_lock_ends(db, app):
    user = UserFactory(username="gina")
    policy = Lockout(attempts=3, minutes=15)
    start = utcnow()
    for _ in range(2):
        assert sign_in("gina", "wrong", session=db, lockout=policy, now=start) is None
    assert sign_in("gina", PASSWORD, session=db, lockout=policy, now=start) == user
    assert db.get(LoginFailure, "gina") is None
    for _ in range(3):
        sign_in("gina", "wrong", session=db, lockout=policy, now=start)
    with pytest.raises(LockedOut) as locked:
        sign_in("gina", PASSWORD, session=db, lockout=policy, now=start + timedelta(minutes=14))
    assert locked.value.retry_after == 60
    later = start + timedelta(minutes=15, seconds=1)
    assert sign_in("gina", "wrong", session=db, lockout=policy, now=later) is None  # a fresh count
    row = db.scalar(sa.select(LoginFailure).execution_options(populate_existing=True))
    assert row.failures == 1
    assert sign_in("gina", PASSWORD, session=db, lockout=policy, now=later) == user


def test_the_login_page_shares_the_lockout(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LOCKOUT_ATTEMPTS", 3)
    UserFactory(username="hank")
    client = app.test_client()
    for _ in range(3):
        limiter.reset()
        assert attempt(client, "hank").status_code == 401
    page = client.get("/login")
    response = client.post("/login", data={"username": "hank", "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 429 and "暂时锁定" in response.text
    assert int(response.headers["Retry-After"]) > 0
