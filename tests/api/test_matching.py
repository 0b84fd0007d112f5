"""Matching through HTTP: ranked offers with reasons, the reverse search, and a fresh index."""

import pytest

from ..factories import IncubatorFactory, ProjectFactory

PARK = {
    "kind": "park", "name": "乐清电气园", "district": "乐清市", "industries": ["C3823"], "state_owned": True,
    "description": "输配电及控制设备产业园",
    "offers": [{"space_type": "plant", "available_area": 6000, "min_area": 1000, "max_area": 6000, "rent": 18,
                "power_kva": 1000, "floor_load": 10, "clear_height": 9}],
}
FAR = {
    "kind": "park", "name": "泰顺生态园", "district": "泰顺县", "industries": ["C1951"],
    "offers": [{"space_type": "plant", "available_area": 8000, "rent": 10}],
}
CLEAN = {
    "kind": "park", "name": "瓯海医械园", "district": "瓯海区", "industries": ["C358"],
    "offers": [{"space_type": "plant", "available_area": 200, "rent": 30, "clean_room": True}],
}


@pytest.fixture
def sites(client, promotion_headers):
    return [client.post("/api/v1/sites", json=body, headers=promotion_headers).json for body in (PARK, FAR, CLEAN)]


@pytest.fixture
def project(db):
    incubator = IncubatorFactory(district_code="330382")
    return ProjectFactory(incubator_id=incubator.id, industries=["C3823"],
                          space_need={"space_type": "plant", "area_min": 3000.0, "area_max": 5000.0})


def test_best_offer_first_with_factors_and_chinese_reasons(client, promotion_headers, sites, project):
    response = client.get(f"/api/v1/projects/{project.id}/site-matches", headers=promotion_headers)
    assert response.status_code == 200
    items = response.json["items"]
    assert [i["site"]["name"] for i in items] == ["乐清电气园", "泰顺生态园"]
    best = items[0]
    assert best["feasible"] and best["violations"] == [] and 0 <= best["score"] <= 1
    assert all(0 <= best["factors"][k] <= 1 for k in ("industry", "space", "locality"))
    assert 2 <= len(best["reasons"]) <= 4 and any("配电开关" in r for r in best["reasons"])
    assert items[0]["score"] > items[1]["score"]


def test_infeasible_offers_only_on_request_and_with_violations(client, promotion_headers, sites, project):
    url = f"/api/v1/projects/{project.id}/site-matches"
    plain = client.get(url, headers=promotion_headers).json["items"]
    assert all(i["feasible"] for i in plain) and "瓯海医械园" not in {i["site"]["name"] for i in plain}
    full = client.get(f"{url}?include_infeasible=true", headers=promotion_headers).json["items"]
    tail = full[-1]
    assert tail["site"]["name"] == "瓯海医械园" and tail["feasible"] is False and tail["violations"]


def test_filters_and_weights(client, promotion_headers, sites, project):
    url = f"/api/v1/projects/{project.id}/site-matches"
    only_far = client.get(f"{url}?district=泰顺县", headers=promotion_headers).json["items"]
    assert [i["site"]["name"] for i in only_far] == ["泰顺生态园"]
    space_only = client.get(f"{url}?w_industry=0&w_locality=0&w_space=1", headers=promotion_headers).json
    assert space_only["weights"] == {"industry": 0.0, "space": 1.0, "locality": 0.0}
    assert client.get(f"{url}?w_industry=0&w_locality=0&w_space=0", headers=promotion_headers).status_code == 422


def test_a_changed_offer_is_ranked_as_changed_at_once(client, promotion_headers, sites, project):
    url = f"/api/v1/projects/{project.id}/site-matches"
    assert client.get(url, headers=promotion_headers).json["items"][0]["site"]["name"] == "乐清电气园"
    offer = sites[0]["offers"][0]
    shrunk = client.patch(f"/api/v1/sites/{sites[0]['id']}/offers/{offer['id']}",
                          json={"available_area": 2000, "max_area": 2000}, headers=promotion_headers)
    assert shrunk.status_code == 200
    names = [i["site"]["name"] for i in client.get(url, headers=promotion_headers).json["items"]]
    assert names == ["泰顺生态园"]


def test_project_without_a_space_need_cannot_be_matched(client, promotion_headers, sites):
    project = ProjectFactory(space_need=None)
    response = client.get(f"/api/v1/projects/{project.id}/site-matches", headers=promotion_headers)
    assert response.status_code == 409 and "空间需求" in response.json["detail"]


def test_operators_match_only_their_own_projects(client, operator_headers, incubator, sites, project):
    assert client.get(f"/api/v1/projects/{project.id}/site-matches", headers=operator_headers).status_code == 404
    own = ProjectFactory(incubator_id=incubator.id)
    assert client.get(f"/api/v1/projects/{own.id}/site-matches", headers=operator_headers).status_code == 200


def test_a_park_finds_its_graduating_projects(client, admin_headers, promotion_headers, sites, project):
    url = f"/api/v1/projects/{project.id}/transitions"
    for action in ("advance", "graduate"):
        assert client.post(url, json={"action": action}, headers=admin_headers).status_code == 201
    ProjectFactory(industries=["C3823"])  # not graduated: not proposed
    response = client.get(f"/api/v1/sites/{sites[0]['id']}/project-matches", headers=promotion_headers)
    assert response.status_code == 200
    assert [i["project"]["id"] for i in response.json["items"]] == [project.id]
    assert response.json["items"][0]["project"]["status"] == "graduated"


def test_admins_keep_the_industry_chains(client, admin_headers, promotion_headers):
    chains = client.get("/api/v1/industry-chains", headers=promotion_headers).json["chains"]
    assert chains and all(len(link) == 2 for c in chains for link in c["links"])
    new = {"chains": [{"name": "测试链", "links": [["C3251", "C3823"]]}]}
    assert client.put("/api/v1/industry-chains", json=new, headers=promotion_headers).status_code == 403
    bad = {"chains": [{"name": "测试链", "links": [["C3251", "Z0000"]]}]}
    assert client.put("/api/v1/industry-chains", json=bad, headers=admin_headers).status_code == 422
    saved = client.put("/api/v1/industry-chains", json=new, headers=admin_headers)
    assert saved.status_code == 200 and saved.json == new


def test_a_project_with_only_a_description_finds_its_industry(client, promotion_headers, sites):
    incubator = IncubatorFactory(district_code="330326")  # 平阳县: neither park is local
    project = ProjectFactory(incubator_id=incubator.id, industries=[], description="智能配电开关柜与输配电控制设备",
                             space_need={"space_type": "plant", "area_min": 3000.0, "area_max": 5000.0})
    items = client.get(f"/api/v1/projects/{project.id}/site-matches", headers=promotion_headers).json["items"]
    assert items[0]["site"]["name"] == "乐清电气园"
    assert items[0]["factors"]["industry"] > items[1]["factors"]["industry"]
