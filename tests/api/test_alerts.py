"""GET /api/v1/alerts: the ledger's alerts, filtered, and an operator's own only."""

import pytest

from services.alerts import DEFAULT_DAYS

from ..factories import ProjectFactory
from .test_matches import graduated


@pytest.fixture
def due_at_once(app, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_DAYS", {**DEFAULT_DAYS, "unmatched": 0})


def test_alerts_list_and_an_operator_sees_its_own(client, due_at_once, admin_headers, promotion_headers,
                                                  operator_headers, incubator):
    own = graduated(client, admin_headers, incubator_id=incubator.id, name="本孵化器毕业项目")
    other = graduated(client, admin_headers, name="别家毕业项目")
    response = client.get("/api/v1/alerts?kind=unmatched_graduate&per_page=500", headers=promotion_headers)
    assert response.status_code == 200
    items = {item["project"]["id"]: item for item in response.json["items"]}
    assert {own.id, other.id} <= set(items)
    alert = items[own.id]
    assert alert["kind"] == "unmatched_graduate" and alert["severity"] == "medium"
    assert alert["match"] is None and alert["owner"] is None and "毕业已 0 天" in alert["message"]
    assert response.json["counts"]["unmatched_graduate"] == response.json["total"]

    scoped = client.get("/api/v1/alerts", headers=operator_headers).json["items"]
    assert [item["project"]["id"] for item in scoped] == [own.id]


def test_alert_filters_are_checked(client, promotion_headers):
    assert client.get("/api/v1/alerts?kind=late", headers=promotion_headers).status_code == 422
    assert client.get("/api/v1/alerts?district=火星", headers=promotion_headers).status_code == 422
    assert client.get("/api/v1/alerts").status_code == 401


def test_a_project_still_in_the_chain_raises_no_unmatched_alert(client, due_at_once, promotion_headers):
    project = ProjectFactory()
    items = client.get("/api/v1/alerts?per_page=500", headers=promotion_headers).json["items"]
    assert project.id not in {item["project"]["id"] for item in items}
