"""`matchmaker alerts`: the digest printed, written as xlsx, mailed over SMTP (STARTTLS) and posted to a robot.

The mail goes to a real SMTP server (aiosmtpd) and the post to a local HTTP receiver, both started here.
"""

import json
import socket
import ssl
import subprocess
import threading
from datetime import timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openpyxl
import pytest
from aiosmtpd.controller import Controller

from models.base import wenzhou_today
from models.user import Role

from ..api.test_matches import PARK, graduated, propose
from ..factories import UserFactory

LATER = (wenzhou_today() + timedelta(days=400)).isoformat()  # everything is overdue by then


@pytest.fixture
def ledger(client, admin_headers, promotion_headers):
    """Two owners with an address and one stalled match each, and a graduate with no match at all."""
    offer = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json["offers"][0]
    owners = [UserFactory(role=Role.promotion, username=name, email=f"{name}@example.test")
              for name in ("wang", "li")]
    for owner, name in zip(owners, ("王氏电气", "李氏精密"), strict=True):
        project = graduated(client, admin_headers, name=name)
        assert propose(client, promotion_headers, project, offer, owner_id=owner.id).status_code == 201
    graduated(client, admin_headers, name="无人跟进项目")
    return owners


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["alerts", "--date", LATER, *args])
    assert result.exit_code == 0, result.output
    return result


def test_text_json_and_xlsx(app, ledger, tmp_path):
    text = run(app).output
    assert "招商督办日报" in text and "王氏电气" in text and "匹配停滞" in text and "无人跟进项目" in text
    mine = run(app, "--owner", "wang", "--format", "json").output
    assert {item["project"]["name"] for item in json.loads(mine)} == {"王氏电气"}
    path = tmp_path / "alerts.xlsx"
    run(app, "--format", "xlsx", "--out", str(path))
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("级别", "类型", "项目")
    assert {"王氏电气", "李氏精密", "无人跟进项目"} <= {row[2] for row in rows[2:]}
    unknown = app.test_cli_runner().invoke(args=["alerts", "--owner", "nobody"])
    assert unknown.exit_code != 0 and "nobody" in unknown.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.mails = []

    async def handle_DATA(self, server, session, envelope):
        self.mails.append((envelope.rcpt_tos, envelope.content, session.ssl is not None))
        return "250 OK"


@pytest.fixture
def smtp_server(tmp_path):
    """An SMTP server on 127.0.0.1 that offers STARTTLS with a certificate made for the test."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), tls_context=context,
                            require_starttls=True)
    controller.start()
    yield f"smtp://127.0.0.1:{controller.port}?cafile={cert}", inbox
    controller.stop()


def test_each_owner_gets_their_digest_by_mail(app, ledger, smtp_server, monkeypatch):
    url, inbox = smtp_server
    monkeypatch.setitem(app.config, "SMTP_URL", url)
    monkeypatch.setitem(app.config, "MAIL_FROM", "督办 <matchmaker@example.test>")
    result = run(app, "--mail", "--unowned-to", "lead@example.test")
    assert "mailed 1 alerts to wang@example.test" in result.output
    by_address = {rcpt[0]: (message_from_bytes(content, policy=policy.default), tls)
                  for rcpt, content, tls in inbox.mails}
    assert set(by_address) == {"wang@example.test", "li@example.test", "lead@example.test"}
    mail, tls = by_address["wang@example.test"]
    assert tls  # STARTTLS was used, as the server offered (and required) it
    assert mail["Subject"].startswith("招商督办日报") and "1 条待办预警" in mail["Subject"]
    body = mail.get_content()
    assert mail.get_content_charset() == "utf-8" and "王氏电气" in body and "李氏精密" not in body
    assert "无人跟进项目" in by_address["lead@example.test"][0].get_content()


def test_mail_without_a_server_setting_says_so(app, ledger, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_URL", "")
    result = app.test_cli_runner().invoke(args=["alerts", "--mail"])
    assert result.exit_code != 0 and "MATCHMAKER_SMTP_URL" in result.output


class Robot(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Robot.received.append((self.path, self.headers["Content-Type"], body))
        answer = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    Robot.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/robot/send?access_token=t"
    server.shutdown()
    server.server_close()


def test_the_digest_is_posted_as_a_markdown_robot_message(app, ledger, robot, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_WEBHOOK", robot)
    monkeypatch.setitem(app.config, "ALERT_WEBHOOK_SECRET", "SEC-test")
    assert "posted" in run(app, "--webhook").output
    [(path, content_type, body)] = Robot.received
    assert path.startswith("/robot/send?access_token=t&timestamp=") and "&sign=" in path
    assert content_type == "application/json; charset=utf-8"
    message = json.loads(body.decode("utf-8"))
    assert message["msgtype"] == "markdown" and message["markdown"]["title"].startswith("招商督办日报")
    assert "王氏电气" in message["markdown"]["text"] and "匹配停滞" in message["markdown"]["text"]


def test_wecom_robots_get_their_own_shape():
    from services.digest import robot_payload

    wecom = robot_payload("### 日报", title="日报", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    assert wecom == {"msgtype": "markdown", "markdown": {"content": "### 日报"}}
    dingtalk = robot_payload("### 日报", title="日报", url="https://oapi.dingtalk.com/robot/send?access_token=t")
    assert dingtalk == {"msgtype": "markdown", "markdown": {"title": "日报", "text": "### 日报"}}
