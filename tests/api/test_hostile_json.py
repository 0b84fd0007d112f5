"""Hostile JSON bodies on every operation that reads one: a 400/422 problem, never a 500.

The inputs the outside probe found (issue 22): JSON nested 976+ levels deep, a lone surrogate in
a text field, an integer literal of over 4,300 digits; plus the loose values that used to pass
(blank names, control characters, bidi overrides, BOMs, 1.5 as an integer, 0/1 as booleans).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from models.incubator import Incubator
from models.project import Project

SPEC_URL = "/api/v1/openapi.json"


def _json_operations() -> list[tuple[str, str, list[str]]]:
    """(method, path with ids = 1, the string properties of its body) for every JSON body."""
    spec = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}).test_client().get(SPEC_URL).json
    schemas = spec["components"]["schemas"]
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("post", "put", "patch", "delete"):
                continue
            content = (operation.get("requestBody") or {}).get("content", {})
            if "application/json" not in content:
                continue
            ref = content["application/json"]["schema"].get("$ref", "")
            props = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            strings = [name for name, prop in props.items() if prop.get("type") == "string"]
            url = path.replace("{", "").replace("}", "")
            url = "/".join("1" if part.endswith("_id") or part == "id" else part for part in url.split("/"))
            found.append((method.upper(), url, strings))
    return found


OPERATIONS = _json_operations()
HOSTILE = {
    "nested_976": "[" * 976 + "]" * 976,
    "nested_5000": '{"name": ' + "[" * 5000 + "]" * 5000 + "}",
    "nested_object": '{"a": ' * 1200 + "1" + "}" * 1200,
    "digits_5000": '{"team_size": ' + "9" * 5000 + ', "name": "x"}',
}


def assert_problem(response, statuses=(400, 422)):
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert response.content_type == "application/problem+json"
    assert response.json["detail"]


def test_every_json_operation_was_found():
    assert len(OPERATIONS) > 15
    assert ("POST", "/api/v1/auth/token", ["username", "password"]) in OPERATIONS


@pytest.mark.parametrize(("method", "url", "strings"), OPERATIONS, ids=[f"{m} {u}" for m, u, _ in OPERATIONS])
def test_hostile_bodies_are_refused_as_problems(client, admin_headers, db, method, url, strings):
    headers = {} if url == "/api/v1/auth/token" else admin_headers
    for name, body in HOSTILE.items():
        response = client.open(url, method=method, data=body, content_type="application/json", headers=headers)
        assert response.status_code != 500, name
        if response.status_code != 404:  # an unknown id may be answered first
            assert_problem(response)
    for field in strings:
        body = '{"%s": "\\ud800abc"}' % field
        response = client.open(url, method=method, data=body, content_type="application/json", headers=headers)
        assert response.status_code != 500, field
        if response.status_code != 404:
            assert_problem(response)


def test_the_token_endpoint_refuses_them_without_a_token(client):
    for body in (*HOSTILE.values(), '{"username": "\\ud800", "password": "x"}',
                 '{"username": "a", "password": "\\udfff"}'):
        assert_problem(client.post("/api/v1/auth/token", data=body, content_type="application/json"))


def project_body(incubator, **changes):
    return {"name": "温州智能电气", "incubator_id": incubator.id, **changes}


@pytest.mark.parametrize("name", [" ", "   ", "\u3000", "\u3000 \u3000", "\t\n"])
def test_blank_names_are_refused(client, admin_headers, incubator, db, name):
    response = client.post("/api/v1/projects", json=project_body(incubator, name=name), headers=admin_headers)
    assert_problem(response, (422,))
    assert response.json["errors"]["name"] == ["不能为空白"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


@pytest.mark.parametrize(("text", "message"), [
    ("智能\x07电气", "控制字符"), ("智能\x1b[31m电气", "控制字符"), ("\u202e气电能智", "方向控制符"),
    ("\ufeff智能电气", "BOM"), ("智能\u2066电气", "方向控制符"), ("智能\x85电气", "控制字符"),
])
def test_control_characters_overrides_and_boms_are_refused(client, admin_headers, incubator, db, text, message):
    for body in (project_body(incubator, name=text), project_body(incubator, description=text),
                 project_body(incubator, preferred_districts=[text])):
        response = client.post("/api/v1/projects", json=body, headers=admin_headers)
        assert_problem(response, (422,))
        assert message in response.json["detail"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


def test_text_is_stored_as_nfc_and_trimmed(client, admin_headers, incubator, db):
    decomposed = "Cafe\u0301 实验室"  # e + combining acute
    body = project_body(incubator, name=f"\u3000 {decomposed} ", description="  第一行\n第二行\t ")
    response = client.post("/api/v1/projects", json=body, headers=admin_headers)
    assert response.status_code == 201, response.text
    assert response.json["name"] == "Caf\u00e9 实验室"
    assert response.json["description"] == "第一行\n第二行"  # tabs and newlines inside stay


def test_a_fraction_is_not_an_integer_and_a_number_is_not_a_boolean(client, admin_headers, incubator, db):
    response = client.post("/api/v1/projects", json=project_body(incubator, team_size=1.5), headers=admin_headers)
    assert_problem(response, (422,))
    assert response.json["errors"] == {"team_size": ["应为整数"]}
    need = {"space_type": "plant", "area_min": 500, "clean_room": 1}
    response = client.post("/api/v1/projects", json=project_body(incubator, space_need=need), headers=admin_headers)
    assert_problem(response, (422,))
    assert "space_need.clean_room" in response.json["errors"]
    response = client.post("/api/v1/incubators", headers=admin_headers, json={
        "name": "新孵化器", "district": "鹿城区", "level": "provincial", "demonstration": 0})
    assert_problem(response, (422,))
    assert db.scalar(sa.select(sa.func.count()).select_from(Project)) == 0
    assert db.scalar(sa.select(sa.func.count()).select_from(Incubator)) == 1  # the fixture's only
    ok = client.post("/api/v1/projects", json=project_body(incubator, team_size=2.0), headers=admin_headers)
    assert ok.status_code == 201 and ok.json["team_size"] == 2


def test_a_password_is_kept_as_typed(client, admin_headers, db):
    created = client.post("/api/v1/users", headers=admin_headers,
                          json={"username": " spaced ", "password": " leading and trailing ", "role": "promotion"})
    assert created.status_code == 201 and created.json["username"] == "spaced"
    login = client.post("/api/v1/auth/token", json={"username": "spaced", "password": " leading and trailing "})
    assert login.status_code == 200
    trimmed = client.post("/api/v1/auth/token", json={"username": "spaced", "password": "leading and trailing"})
    assert trimmed.status_code == 401


def test_the_openapi_says_areas_must_exceed_zero(client):
    spec = client.get(SPEC_URL).json
    area = spec["components"]["schemas"]["SpaceNeed"]["properties"]["area_min"]
    assert area["minimum"] == 0 and area["exclusiveMinimum"] is True


@pytest.mark.parametrize("url", ["/api/v1/health", "/api/v1/openapi.json", "/api/v1/docs/", "/api/v1/projects"])
def test_api_answers_carry_nosniff_and_a_csp(client, url):
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src" in csp and "frame-ancestors 'none'" in csp


def test_the_docs_page_runs_under_its_csp(client):
    page = client.get("/api/v1/docs/")
    csp = page.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in csp
    assert "script-src 'self'" in csp and "http" not in csp  # nothing from elsewhere
