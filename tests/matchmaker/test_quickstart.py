"""The README's first command: `matchmaker demo` on an empty SQLite file serves a working API."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from json import loads
from types import SimpleNamespace

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url, *, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.read()


@pytest.fixture
def demo(tmp_path):
    port = _free_port()
    env = {**os.environ, "MATCHMAKER_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
           "MATCHMAKER_SECRET_KEY": "demo-test", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "matchmaker", "demo", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "token:" in line:
                break
        text = "".join(output)
        login = re.search(r"username (\S+)\s+password (\S+)", text)
        token = re.search(r"token:\s+(\S+)", text)
        assert login and token, text
        base = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline:
            try:
                _request(f"{base}/api/v1/health")
                break
            except OSError:
                time.sleep(0.2)
        yield SimpleNamespace(base=base, username=login.group(1), password=login.group(2), token=token.group(1),
                              process=process, printed=text)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stdout.close()


def test_demo_serves_the_sample_with_the_printed_credentials(demo):
    base, username, password, token = demo.base, demo.username, demo.password, demo.token
    status, body = _request(f"{base}/api/v1/health")
    assert (status, loads(body)) == (200, {"status": "ok", "database": "ok"})

    auth = {"Authorization": f"Bearer {token}"}

    def total(path):
        status, body = _request(f"{base}/api/v1/{path}", headers=auth)
        assert status == 200
        return loads(body)["total"]

    assert total("projects?per_page=1") >= 300
    # The sample's graduates: most still seeking a site, some signed, some landed.
    assert total("projects?per_page=1&status=graduated") >= 50
    assert total("projects?per_page=1&status=signed") >= 5 and total("projects?per_page=1&status=landed") >= 15
    assert total("incubators?per_page=1") >= 25
    assert total("sites?per_page=1&kind=district") == 13
    assert total("sites?per_page=1&kind=park") >= 40
    assert total("sites?per_page=1&kind=custom_plant") >= 15
    assert total("plan-targets?per_page=1&district=330382&year=2026") >= 5

    credentials = f'{{"username": "{username}", "password": "{password}"}}'.encode()
    status, body = _request(f"{base}/api/v1/auth/token", data=credentials, headers={"Content-Type": "application/json"})
    assert status == 200 and loads(body)["token"]

    status, body = _request(f"{base}/api/v1/docs/")
    assert status == 200 and b"swagger-ui-bundle.js" in body


def test_demo_prints_its_credentials_without_log_lines_and_no_access_log(demo):
    assert _request(f"{demo.base}/api/v1/health")[0] == 200
    demo.process.send_signal(signal.SIGTERM)
    rest = demo.process.stdout.read()
    # Nothing between the command and its credentials but the sample's line; no request lines after.
    assert " INFO " not in demo.printed and "alembic" not in demo.printed
    assert "/api/v1/health" not in rest


def test_demo_refuses_a_port_that_is_taken_before_printing_credentials(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "MATCHMAKER_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
               "MATCHMAKER_SECRET_KEY": "demo-test"}
        result = subprocess.run([sys.executable, "-m", "matchmaker", "demo", "--port", str(port)],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "password" not in result.stdout + result.stderr
    assert f"端口 {port} 已被占用" in result.stderr and len(result.stderr.strip().splitlines()) == 1
