"""A client that sends half a body and pauses holds no lock: other writes go on (issue 22 item 3).

On SQLite a write transaction holds the database's one write lock; it used to begin (at the
token check) before the body had arrived, so a stalled upload held every other write with it.
Runs on SQLite and, with MATCHMAKER_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import socket
import time

from benchmarks.server import ServerProcess

from .servers import make_token, multipart, request


def _project(server_database) -> int:
    from models.incubator_service import create_incubator
    from models.project_service import create_project

    with server_database.session() as session:
        incubator = create_incubator({"name": "慢客户端孵化器", "district": "鹿城区", "level": "municipal"}, session=session)
        project = create_project({"name": "被修改的项目", "incubator_id": incubator.id}, actor="test", session=session)
        session.commit()
        return project.id


def _stalled_upload(port: int, token: str, incubator_name: str) -> socket.socket:
    """Send the headers and half of an import's body, then stop sending."""
    rows = "".join(f"{incubator_name},慢项目{n}\n" for n in range(2000))
    body, content_type = multipart("file", "projects.csv", f"孵化器,名称\n{rows}".encode())
    head = (f"POST /api/v1/imports/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(head + body[: len(body) // 2])
    return sock


def test_a_patch_answers_while_an_upload_is_stalled(server_database):
    project_id = _project(server_database)
    token = make_token(server_database, "slow-admin", "admin")
    server = ServerProcess(server_database.url, workers=1, threads=4, env={"MATCHMAKER_BODY_TIMEOUT_S": "4"})
    try:
        server.wait_ready()
        stalled = _stalled_upload(server.port, token, "慢客户端孵化器")
        try:
            time.sleep(0.5)  # the upload's request has been authenticated and is waiting for its body
            for n in range(3):
                started = time.monotonic()
                status, body = request(server.url, "PATCH", f"/projects/{project_id}", token=token,
                                       json_body={"description": f"第 {n} 次修改"}, timeout=30)
                seconds = time.monotonic() - started
                assert status == 200, body
                assert seconds < 1.0, seconds
            # The stalled client is given up on after the body timeout: a 408, or the connection closed.
            stalled.settimeout(15)
            started = time.monotonic()
            answer = stalled.recv(4096)
            assert time.monotonic() - started < 10
            assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:200]
        finally:
            stalled.close()
    finally:
        server.stop()
    with server_database.session() as session:
        from models.project import Project

        assert session.get(Project, project_id).description == "第 2 次修改"


IMPORT_ROWS = 200_000


def test_a_patch_answers_while_a_large_import_is_read_and_checked(server_database):
    import threading

    project_id = _project(server_database)
    token = make_token(server_database, "bulk-admin", "admin")
    rows = "".join(f"慢客户端孵化器,批量项目{n},C3823,{n % 50 + 1}\n" for n in range(IMPORT_ROWS))
    body, content_type = multipart("file", "projects.csv", f"孵化器,名称,行业代码,团队人数\n{rows}".encode())
    server = ServerProcess(server_database.url, workers=1, threads=4)
    try:
        server.wait_ready()
        answer = {}

        def run_import():
            answer["result"] = request(server.url, "POST", "/imports/projects", token=token, body=body,
                                       content_type=content_type, timeout=600)

        importing = threading.Thread(target=run_import)
        importing.start()
        time.sleep(2.0)  # the body is sent; the server is reading and checking the rows
        during_parse = []
        while importing.is_alive() and not server_database.probe() and len(during_parse) < 5:
            started = time.monotonic()
            status, result = request(server.url, "PATCH", f"/projects/{project_id}", token=token,
                                     json_body={"description": f"导入期间第 {len(during_parse)} 次修改"}, timeout=60)
            seconds = time.monotonic() - started
            if not importing.is_alive() or server_database.probe():
                break  # the import reached its writes meanwhile: this one does not count
            assert status == 200, result
            during_parse.append(seconds)
            time.sleep(0.5)
        importing.join()
    finally:
        server.stop()
    assert during_parse, "the import was never seen in its reading phase"
    assert max(during_parse) < 1.0, during_parse
    status, result = answer["result"]
    assert status == 200 and result["created"] == IMPORT_ROWS, result
