"""Reference data through the API: industry codes searched by code prefix or name."""


def test_industries_are_found_by_code_prefix_or_name(client, admin_headers):
    by_code = client.get("/api/v1/industries?q=c382&per_page=100", headers=admin_headers).json["items"]
    assert by_code[0]["code"] == "C382" and all(i["code"].startswith("C382") for i in by_code)
    by_name = client.get("/api/v1/industries?q=配电开关", headers=admin_headers).json["items"]
    assert [i["code"] for i in by_name] == ["C3823"]
    divisions = client.get("/api/v1/industries?q=C&level=division&per_page=100", headers=admin_headers).json
    assert divisions["total"] > 10 and {i["level"] for i in divisions["items"]} == {"division"}
    children = client.get("/api/v1/industries?parent=c38&per_page=100", headers=admin_headers).json["items"]
    assert children and all(i["parent"] == "C38" for i in children)
