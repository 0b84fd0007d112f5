"""The faster `dump` of api.dumping writes exactly what marshmallow's own would, on every JSON GET,
and runs only on the marshmallow releases it was checked against."""

from __future__ import annotations

import configparser
import datetime as dt
import enum
import json
from importlib.metadata import version
from pathlib import Path

import marshmallow as ma
import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from api.context import init_worker_state
from api.dumping import SUPPORTED_MARSHMALLOW, FastSchema
from matchmaker.sample import load_sample_data
from models.project import Project, Status

SPEC = "/api/v1/openapi.json"
SETUP_CFG = Path(__file__).resolve().parents[2] / "setup.cfg"
SUPPORTED = SpecifierSet(",".join(SUPPORTED_MARSHMALLOW))


def test_the_installed_marshmallow_is_one_fastschema_was_checked_against():
    installed = Version(version("marshmallow"))
    assert installed in SUPPORTED, (
        f"marshmallow {installed} is outside {SUPPORTED}, the releases api/dumping.py was checked against: "
        "run this file's other tests on it, then widen SUPPORTED_MARSHMALLOW and setup.cfg's pin together"
    )


def test_setup_cfg_pins_marshmallow_to_the_checked_range():
    config = configparser.ConfigParser()
    config.read(SETUP_CFG, encoding="utf-8")
    requirements = [Requirement(line) for line in config["options"]["install_requires"].splitlines() if line.strip()]
    (pin,) = [r for r in requirements if r.name == "marshmallow"]
    assert pin.specifier == SUPPORTED


@pytest.fixture
def sample(client, db, promotion_headers, admin_headers):
    """The demo sample, with a match, a fund intention and an event report on top."""
    load_sample_data(session=db)
    db.flush()
    project = db.query(Project).filter(Project.status == Status.graduated, Project.need_space_type.isnot(None)).first()
    offers = client.get(f"/api/v1/projects/{project.id}/site-matches?limit=1", headers=promotion_headers).json["items"]
    match = client.post("/api/v1/matches", json={"project_id": project.id, "offer_id": offers[0]["offer_id"]},
                        headers=promotion_headers).json
    assert client.post(f"/api/v1/matches/{match['id']}/transitions", json={"action": "contact", "reason": "电话"},
                       headers=promotion_headers).status_code == 201
    assert client.post("/api/v1/fund-intentions", json={"project_id": project.id, "fund_name": "某产业基金",
                                                         "relocate_out": True, "destination": "杭州"},
                       headers=promotion_headers).status_code == 201
    event = client.post("/api/v1/events", json={"name": "乐清签约会", "date": "2026-12-18", "kind": "signing"},
                        headers=promotion_headers).json
    assert client.post(f"/api/v1/events/{event['id']}/report", json={}, headers=promotion_headers).status_code == 201
    site = client.get("/api/v1/sites?per_page=1", headers=promotion_headers).json["items"][0]
    users = client.get("/api/v1/users", headers=admin_headers).json["items"]
    active = db.query(Project).filter(Project.status == Status.active).order_by(Project.id).first()
    return {
        "active_project_id": active.id,
        "project_id": project.id, "match_id": match["id"], "event_id": event["id"], "site_id": site["id"],
        "incubator_id": project.incubator_id,
        "user_id": users[0]["id"],
    }


# GETs that need something other than the sample's graduated project, or a query to have items to dump.
SPECIAL = {
    "/api/v1/projects/{project_id}/carrier-matches": ("active_project_id", "?include_infeasible=true"),
}


def _json_gets(client, ids):
    spec = client.get(SPEC).json
    for path, item in spec["paths"].items():
        op = item.get("get")
        if op is None or "{fmt}" in path or "200" not in op["responses"]:
            continue
        if "application/json" not in op["responses"]["200"].get("content", {}):
            continue
        if path in SPECIAL:
            key, query = SPECIAL[path]
            yield path, path.removeprefix("/api/v1").format(**{**ids, "project_id": ids[key]}) + query
            continue
        yield path, path.removeprefix("/api/v1").format(**ids)


def test_every_json_get_is_the_same_with_marshmallows_dump(client, app, admin_headers, sample, monkeypatch):
    paths = list(_json_gets(client, sample))

    def answers():
        init_worker_state(app)  # a kept site list would hide the second dump
        out = {}
        for name, path in paths:
            response = client.get("/api/v1" + path, headers=admin_headers)
            assert response.status_code == 200, (path, response.json)
            out[name] = response.get_data(as_text=True)
        return out

    fast = answers()
    monkeypatch.setattr(FastSchema, "_plan", lambda self: None)  # marshmallow's own Schema.dump
    slow = answers()
    assert len(paths) >= 20 and "/api/v1/projects/{project_id}/site-matches" in fast
    for name, _ in paths:
        assert json.loads(fast[name]) == json.loads(slow[name]), name
        assert fast[name] == slow[name]  # same keys in the same order too


class Colour(enum.Enum):
    red = "r"


class _Inner(FastSchema):
    code = ma.fields.String(data_key="代码")


class _Everything(FastSchema):
    n = ma.fields.Integer()
    x = ma.fields.Float(allow_none=True)
    s = ma.fields.String(attribute="text")
    b = ma.fields.Boolean()
    d = ma.fields.Date()
    t = ma.fields.AwareDateTime()
    e = ma.fields.Enum(Colour)
    v = ma.fields.Enum(Colour, by_value=True)
    default = ma.fields.Integer(dump_default=7)
    absent = ma.fields.Integer()
    inner = ma.fields.Nested(_Inner, allow_none=True)
    inners = ma.fields.List(ma.fields.Nested(_Inner))
    dotted = ma.fields.String(attribute="inner.code")
    method = ma.fields.Method("twice")
    function = ma.fields.Function(lambda obj: "f")
    constant = ma.fields.Constant("c")
    raw = ma.fields.Dict()
    secret = ma.fields.String(load_only=True)

    def twice(self, obj):
        return 2 * (obj["n"] if isinstance(obj, dict) else obj.n)


class _Hooked(_Everything):
    @ma.post_dump
    def mark(self, data, **kwargs):
        return {**data, "hooked": True}


class _Object:
    def __init__(self, **values):
        self.__dict__.update(values)


VALUES = {
    "n": 3, "x": None, "text": b"bytes", "b": 1, "d": dt.date(2026, 12, 1),
    "t": dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC), "e": Colour.red, "v": Colour.red,
    "inner": {"code": "C38"}, "inners": [{"code": "A"}, {"code": "B"}], "raw": {"k": [1]}, "secret": "no",
}


@pytest.mark.parametrize("schema_class", [_Everything, _Hooked])
@pytest.mark.parametrize("make", [dict, lambda **kw: _Object(**kw)], ids=["dict", "object"])
def test_each_kind_of_field_is_written_as_marshmallow_writes_it(schema_class, make, monkeypatch):
    obj = make(**VALUES)
    fast = schema_class().dump(obj)
    many = schema_class(many=True).dump([obj, obj])
    only = schema_class(only=("n", "inner")).dump(obj)
    monkeypatch.setattr(FastSchema, "_plan", lambda self: None)
    assert fast == schema_class().dump(obj) and list(fast) == list(schema_class().dump(obj))
    assert many == schema_class(many=True).dump([obj, obj])
    assert only == schema_class(only=("n", "inner")).dump(obj)
    assert {key: only[key] for key in ("n", "inner")} == {"n": 3, "inner": {"代码": "C38"}}
    assert fast["s"] == "bytes" and fast["default"] == 7 and "absent" not in fast and "secret" not in fast
