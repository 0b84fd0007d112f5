"""The staff session: where a login may send the user, the cookie's flags, HSTS, and its end."""

from __future__ import annotations

import time

import pytest

from matchmaker.app import register_proxies
from matchmaker.web.session_cookie import SEEN_KEY
from models.user import Role

from ..factories import PASSWORD, UserFactory, token_for
from .conftest import csrf_token, post_form, sign_in


def login(client, username, password=PASSWORD, query=""):
    page = client.get("/login")
    return client.post("/login" + query, data={"username": username, "password": password,
                                               "csrf_token": csrf_token(page.text)})


@pytest.mark.parametrize("target", [
    "/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "//evil.example",
    "/\\evil.example", "https://evil.example/", "/%2F%2Fevil.example", "javascript:alert(1)",
    "/%E2%80%AE/evil.example", " //evil.example",
])
def test_login_never_redirects_off_the_site(client, admin, target):
    response = login(client, admin.username, query=f"?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200  # signed in all the same


def test_login_follows_a_local_next(client, admin):
    response = login(client, admin.username, query="?next=/projects%3Fstage%3Dincubation")
    assert response.status_code == 302 and response.headers["Location"] == "/projects?stage=incubation"


def test_the_session_cookie_is_lax_and_httponly_and_not_secure_over_http(client, admin):
    cookie = login(client, admin.username).headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert "Secure" not in cookie
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_https_through_a_trusted_proxy_gives_a_secure_cookie_and_hsts(app, admin, monkeypatch):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.9.9.9"}
    # Without a trusted proxy the header is anybody's word: no Secure flag, no HSTS.
    untrusted = login(app.test_client(), admin.username)
    assert "Secure" not in untrusted.headers["Set-Cookie"]
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)  # put back after the test
    register_proxies(app)
    client = app.test_client()
    page = client.get("/login", headers=headers)
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    # Over HTTPS Flask-WTF also wants a same-origin Referer, as a browser sends it.
    response = client.post("/login", headers={**headers, "Referer": "https://localhost/login"}, data={"username": admin.username, "password": PASSWORD,
                                                            "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "SameSite=Lax" in cookie
    # The API's answers over HTTPS carry HSTS too.
    assert "Strict-Transport-Security" in client.get("/api/v1/health", headers=headers).headers


def test_secure_cookies_can_be_forced_by_the_settings(client, app, admin, monkeypatch):
    monkeypatch.setitem(app.config, "SECURE_COOKIES", 1)
    response = login(client, admin.username)
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_a_saved_cookie_is_void_after_logout(app, admin):
    client = sign_in(app.test_client(), admin.username)
    saved = client.get_cookie("session").value
    assert post_form(client, "/logout", {}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", saved)
    assert thief.get("/").status_code == 302  # to the login page


def test_a_password_reset_ends_the_web_sessions(app, db, admin):
    operator = UserFactory(role=Role.promotion)
    client = sign_in(app.test_client(), operator.username)
    assert client.get("/").status_code == 200
    response = app.test_client().patch(f"/api/v1/users/{operator.id}", json={"password": "a new long password"},
                                       headers=token_for(admin, db))
    assert response.status_code == 200
    assert client.get("/").status_code == 302
    # Signing in again with the new password works.
    assert login(app.test_client(), operator.username, "a new long password").status_code == 302


def test_a_session_idle_longer_than_the_timeout_ends(app, admin, monkeypatch):
    assert app.config["SESSION_IDLE_MINUTES"] == 8 * 60
    client = sign_in(app.test_client(), admin.username)
    with client.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - 8 * 3600 + 120  # idle for 7 h 58 min
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        assert session[SEEN_KEY] >= int(time.time()) - 5  # the request counts as activity
        session[SEEN_KEY] = int(time.time()) - 8 * 3600 - 1
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
