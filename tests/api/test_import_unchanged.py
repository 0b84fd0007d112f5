"""Honest import counts: re-importing a file that changes nothing reports `unchanged` rows,
with no new version and no audit entry (issue 19 item 8)."""

from __future__ import annotations

import io

import sqlalchemy as sa

from models.audit import AuditEntry
from models.project import Project

PROJECTS = ("孵化器,名称,行业代码,简介,团队人数,空间类型,需求面积下限,意向区县\n"
            "{incubator},智能电气,C3823,配电设备,12,厂房,3000,乐清市\n"
            "{incubator},新材料,C38,,5,,,\n")


def upload(client, headers, kind, content: bytes, name: str):
    return client.post(f"/api/v1/imports/{kind}", data={"file": (io.BytesIO(content), name)},
                       headers=headers, content_type="multipart/form-data")


def audit_count(db):
    return db.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def test_reimporting_the_same_projects_changes_nothing(client, admin_headers, db, incubator):
    content = PROJECTS.format(incubator=incubator.name).encode()
    first = upload(client, admin_headers, "projects", content, "p.csv")
    assert first.status_code == 200, first.json
    assert (first.json["created"], first.json["updated"], first.json["unchanged"]) == (2, 0, 0)
    versions = dict(db.execute(sa.select(Project.name, Project.version)).all())
    audits = audit_count(db)
    again = upload(client, admin_headers, "projects", content, "p.csv")
    assert (again.json["created"], again.json["updated"], again.json["unchanged"]) == (0, 0, 2)
    db.expire_all()
    assert dict(db.execute(sa.select(Project.name, Project.version)).all()) == versions
    assert audit_count(db) == audits
    # One changed cell: one updated row, one unchanged, one new version.
    changed = upload(client, admin_headers, "projects", content.replace("配电设备".encode(), "配电开关".encode()), "p.csv")
    assert (changed.json["updated"], changed.json["unchanged"]) == (1, 1)
    db.expire_all()
    assert db.scalar(sa.select(Project.version).where(Project.name == "智能电气")) == versions["智能电气"] + 1


def test_reimporting_our_own_export_is_all_unchanged(client, admin_headers, db, incubator):
    upload(client, admin_headers, "projects", PROJECTS.format(incubator=incubator.name).encode(), "p.csv")
    for fmt in ("csv", "xlsx"):
        exported = client.get(f"/api/v1/exports/projects.{fmt}", headers=admin_headers).data
        response = upload(client, admin_headers, "projects", exported, f"p.{fmt}")
        assert (response.json["updated"], response.json["unchanged"]) == (0, 2), (fmt, response.json)
    exported = client.get("/api/v1/exports/incubators.csv", headers=admin_headers).data
    response = upload(client, admin_headers, "incubators", exported, "i.csv")
    assert (response.json["updated"], response.json["unchanged"]) == (0, 1), response.json


def test_the_cli_says_how_many_were_unchanged(app, db, incubator, admin, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(PROJECTS.format(incubator=incubator.name), encoding="utf-8")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import", "projects", str(path), "--as", admin.username])
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=["import", "projects", str(path), "--as", admin.username])
    assert "0 created, 0 updated, 2 unchanged" in again.output
