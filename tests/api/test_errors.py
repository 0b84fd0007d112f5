"""Every error is problem+json, on every path; the docs page needs nothing from outside."""

import re

import pytest

from api.errors import domain_status
from models.errors import Conflict, DomainError, Forbidden, InvalidInput, InvalidTransition, NotFound


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/no-such-thing", 404),
        ("get", "/no-such-page", 404),
        ("delete", "/api/v1/health", 405),
        ("put", "/api/v1/projects", 405),
    ],
)
def test_unknown_paths_and_methods_are_problems(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert set(response.json) >= {"type", "title", "status", "detail"} and response.json["status"] == status


def test_malformed_json_is_400(client, admin_headers):
    response = client.post(
        "/api/v1/incubators", data='{"name": ', content_type="application/json", headers=admin_headers
    )
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"


def test_unknown_id_is_404(client, admin_headers):
    response = client.get("/api/v1/projects/999999", headers=admin_headers)
    assert response.status_code == 404 and "999999" in response.json["detail"]


def test_health_needs_no_token(client):
    assert client.get("/api/v1/health").json == {"status": "ok", "database": "ok"}


def test_openapi_document_lists_the_core_contract(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    for path in ["/api/v1/projects", "/api/v1/projects/{project_id}/transitions",
                 "/api/v1/projects/{project_id}/history", "/api/v1/incubators", "/api/v1/districts",
                 "/api/v1/industries", "/api/v1/auth/token", "/api/v1/health"]:
        assert path in spec["paths"]


def test_docs_page_loads_only_files_the_service_serves(client):
    response = client.get("/api/v1/docs/", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '"validatorUrl": null' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/api/v1/docs/") for a in assets), assets
    for asset in assets:
        served = client.get(asset)
        served.close()  # file responses are streamed
        assert served.status_code == 200, asset
    absolute = re.findall(r"https?://[^\s\"']+", html)
    assert all(url.startswith("http://localhost/") for url in absolute), absolute


def test_nul_characters_are_refused_at_the_edge(client, admin_headers):
    # PostgreSQL cannot store them; both backends answer the same 422.
    listed = client.get("/api/v1/projects?q=a%00b", headers=admin_headers)
    assert listed.status_code == 422 and "query.q" in listed.json["errors"]
    created = client.post("/api/v1/incubators", json={"name": "a\x00", "district": "鹿城区"}, headers=admin_headers)
    assert created.status_code == 422 and "name" in created.json["errors"]


def test_out_of_range_ids_are_404_not_overflow(client, admin_headers):
    assert client.get(f"/api/v1/projects/{2**63}", headers=admin_headers).status_code == 404


@pytest.mark.parametrize(("error", "status"), [
    (InvalidInput({"name": ["必填"]}), 422),
    (NotFound("没有这个项目"), 404),
    (Forbidden("无权"), 403),
    (Conflict("已被占用"), 409),
    (InvalidTransition("不能升段"), 409),
    (DomainError("未归类"), 500),
])
def test_one_table_gives_each_domain_error_its_status(error, status):
    assert domain_status(error) == status

