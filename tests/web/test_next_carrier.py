"""寻找下一站 on the pages: the project page's button, the ranked carriers, and a carrier's candidates section."""

import pytest

from models.carrier import CarrierSpaceType, Space
from models.incubator import IncubatorKind, IncubatorLevel
from models.incubator_service import create_incubator

from ..factories import ProjectFactory


def _carrier(db, name, kind, district, industries, office=None, desks=None, **extra):
    carrier = create_incubator({"name": name, "kind": IncubatorKind(kind), "district": district,
                                "industries": industries, **extra}, session=db)
    if office:
        db.add(Space(incubator_id=carrier.id, space_type=CarrierSpaceType.office, total_area=office))
    if desks:
        db.add(Space(incubator_id=carrier.id, space_type=CarrierSpaceType.desk, total_area=desks * 6, desks=desks))
    db.flush()
    return carrier


@pytest.fixture
def relay(db):
    maker = _carrier(db, "鹿城众创空间", "maker_space", "鹿城区", ["C38"], desks=30)
    electric = _carrier(db, "乐清电气孵化器", "incubator", "乐清市", ["C3823"], office=600,
                        level=IncubatorLevel.national, demonstration=True)
    full = _carrier(db, "瓯海满员孵化器", "incubator", "瓯海区", ["C3823"], office=40)
    team = ProjectFactory(incubator_id=maker.id, name="智能配电团队", industries=["C3823"], team_size=6,
                          space_need=None)
    return maker, electric, full, team


def test_the_project_page_leads_to_the_ranked_next_carriers(staff_page, relay):
    _, _, _, team = relay
    page = staff_page.get(f"/projects/{team.id}").text
    assert "寻找下一站" in page and f"/projects/{team.id}/carriers" in page
    html = staff_page.get(f"/projects/{team.id}/carriers").text
    assert "进入「孵化」阶段，需办公室 60㎡" in html
    assert "乐清电气孵化器" in html and "主攻产业一致：配电开关控制设备制造" in html and "国家级载体，示范载体" in html
    assert "瓯海满员孵化器" not in html
    html = staff_page.get(f"/projects/{team.id}/carriers?include_infeasible=1").text
    assert "瓯海满员孵化器" in html and "办公室空余 40㎡，不足所需 60㎡" in html


def test_a_step_a_transfer_cannot_make_is_explained(staff_page, relay):
    _, _, _, team = relay
    html = staff_page.get(f"/projects/{team.id}/carriers?stage=acceleration").text
    assert "接续只能进入「创业苗圃」或「孵化」阶段的载体" in html


def test_the_operator_sees_its_own_team_only(app, db, relay):
    from models.user import Role

    from ..factories import UserFactory
    from .conftest import sign_in

    maker, electric, _, team = relay
    own = sign_in(app.test_client(), UserFactory(role=Role.incubator, incubator=maker).username)
    assert own.get(f"/projects/{team.id}/carriers").status_code == 200
    other = sign_in(app.test_client(), UserFactory(role=Role.incubator, incubator=electric).username)
    assert other.get(f"/projects/{team.id}/carriers").status_code == 404
    assert other.get(f"/incubators/{electric.id}/candidates").status_code == 403


def test_a_carriers_candidates_section(staff_page, relay):
    _, electric, full, _ = relay
    html = staff_page.get(f"/incubators/{electric.id}/candidates").text
    assert "接续候选项目" in html and "智能配电团队" in html and "<html" in html
    fragment = staff_page.get(f"/incubators/{electric.id}/candidates", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith("<section") and "智能配电团队" in fragment
    assert "智能配电团队" not in staff_page.get(f"/incubators/{full.id}/candidates").text
    assert "智能配电团队" in staff_page.get(f"/incubators/{full.id}/candidates?include_infeasible=1").text
