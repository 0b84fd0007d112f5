"""Behind a reverse proxy: the client's address comes from X-Forwarded-For only when the proxy is trusted."""

import pytest
from flask import request

from matchmaker import create_app


@pytest.mark.parametrize(("proxies", "seen"), [(0, "10.0.0.5"), (1, "203.0.113.7")])
def test_client_address_behind_a_proxy(database_url, proxies, seen):
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "proxy", "TRUSTED_PROXIES": proxies})
    app.add_url_rule("/whoami", "whoami", lambda: f"{request.remote_addr} {request.scheme}")
    response = app.test_client().get("/whoami", environ_base={"REMOTE_ADDR": "10.0.0.5"},
                                     headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7",
                                              "X-Forwarded-Proto": "https"})
    assert response.text == f"{seen} {'https' if proxies else 'http'}"
