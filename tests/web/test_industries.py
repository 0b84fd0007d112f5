"""The industry-code picker: a datalist in every form that takes codes, narrowed by an htmx search."""

from __future__ import annotations

import re

import sqlalchemy as sa

from models.project import Project

from ..factories import ProjectFactory
from .conftest import csrf_token, post_form


def options(html: str) -> list[str]:
    return re.findall(r'<option value="([A-Z0-9]+)">', html)


def test_the_picker_offers_codes_matching_a_code_prefix_or_a_name(staff_page):
    by_code = staff_page.get("/industries/options?industry=c382", headers={"HX-Request": "true"}).text
    assert options(by_code)[0] == "C382" and all(c.startswith("C382") for c in options(by_code))
    assert "C3823 配电开关控制设备制造" in by_code and "<html" not in by_code
    by_name = staff_page.get("/industries/options?industries=电气").text
    assert {"C38", "C3891"} <= set(options(by_name))
    # In a field of several codes, the last one typed is the one being looked up.
    assert options(staff_page.get("/industries/options?industries=C3823；配电开关").text) == ["C3823"]
    assert options(staff_page.get("/industries/options?industry=没有这种行业").text) == []


def test_visitors_cannot_read_the_picker(client):
    assert client.get("/industries/options?industry=C38").status_code == 302


def test_forms_and_filters_carry_the_picker(admin_page, staff_page, park):
    pages = {"/projects/new": admin_page, "/projects": staff_page, "/sites": staff_page, "/sites/new": staff_page,
             f"/sites/{park.id}/edit": staff_page, "/events": staff_page}
    for url, page in pages.items():
        html = page.get(url).text
        assert 'list="industry-options"' in html and '<datalist id="industry-options">' in html, url
        assert 'hx-get="/industries/options"' in html, url
        # Sections and divisions to start with: a short list, not all 4-digit classes.
        first = options(html.split('<datalist id="industry-options">')[1].split("</datalist>")[0])
        assert "C38" in first and "C3823" not in first, url
    # The site's codes are shown one per input, with their names.
    edit = staff_page.get(f"/sites/{park.id}/edit").text
    assert 'name="industries" value="C3823"' in edit and "配电开关控制设备制造" in edit


def test_codes_picked_one_per_input_are_saved_in_order(admin_page, db, incubator):
    response = post_form(admin_page, "/projects/new", {
        "name": "多行业项目", "incubator_id": str(incubator.id), "industries": ["c3823", "", "C38", "C3823"],
    })
    assert response.status_code == 302
    project = db.scalar(sa.select(Project).where(Project.name == "多行业项目"))
    assert project.industries == ["C3823", "C38"]
    edit = admin_page.get(f"/projects/{project.id}/edit").text
    assert 'name="industries" value="C3823"' in edit and 'name="industries" value="C38"' in edit
    bad = admin_page.post(f"/projects/{project.id}/edit", data={
        "csrf_token": csrf_token(edit), "version": str(project.version), "name": project.name,
        "industries": ["C3823", "X999"]})
    assert bad.status_code == 422 and "未知行业代码：X999" in bad.text
    assert 'name="industries" value="X999"' in bad.text  # kept for correcting


def test_the_list_filters_take_a_picked_code(staff_page, incubator, park):
    ProjectFactory(incubator_id=incubator.id, name="电气项目", industries=["C3823"])
    ProjectFactory(incubator_id=incubator.id, name="软件项目", industries=["I6513"])
    html = staff_page.get("/projects?industry=C38").text
    assert "电气项目" in html and "软件项目" not in html
    assert "乐清电气园" in staff_page.get("/sites?industry=C382").text
    assert "乐清电气园" not in staff_page.get("/sites?industry=I65").text
