"""The carrier pages and the hand-over forms through the Flask test client."""

from __future__ import annotations

import sqlalchemy as sa

from models.carrier import Space, Transfer, TransferStatus
from models.incubator import IncubatorKind
from models.project import Project, Stage, Status
from models.user import Role
from services.carriers import place_project

from ..factories import IncubatorFactory, ProjectFactory, UserFactory
from .conftest import post_form, sign_in


def _world(db, incubator):
    """The operator's carrier with an office half full, and an accelerator with a pilot plant."""
    office = Space(incubator_id=incubator.id, space_type="office", name="B 座", total_area=400)
    accelerator = IncubatorFactory(name="瓯江加速器", kind=IncubatorKind.accelerator)
    plant = Space(incubator_id=accelerator.id, space_type="pilot_plant", name="中试一号", total_area=3000)
    db.add_all([office, plant])
    db.flush()
    project = ProjectFactory(incubator_id=incubator.id, name="储能电控", stage=Stage.incubation)
    place_project(project, {"space_id": office.id, "area": 200}, session=db)
    return office, accelerator, plant, project


def test_an_operator_hands_a_team_over_and_the_receiver_accepts_it_on_its_page(app, db, incubator, operator_page):
    _, accelerator, plant, project = _world(db, incubator)
    page = operator_page.get(f"/carriers/{incubator.id}")
    assert page.status_code == 200
    assert "空间入驻率 <strong>50%</strong>" in page.text and "储能电控" in page.text and "B 座" in page.text
    shown = operator_page.get(f"/projects/{project.id}")
    assert "接续到其他载体…" in shown.text and "瓯江加速器" in shown.text and "中试一号（空置 3,000㎡）" in shown.text

    too_big = post_form(operator_page, f"/projects/{project.id}/transfers",
                        {"to_incubator_id": accelerator.id, "advance": "on", "space_id": plant.id, "area": "4000"},
                        follow_redirects=True)
    assert "接续申请未提交：空间「中试一号」剩余 3000㎡，不够安排 4000㎡" in too_big.text
    asked = post_form(operator_page, f"/projects/{project.id}/transfers",
                      {"to_incubator_id": accelerator.id, "advance": "on", "space_id": plant.id, "area": "1500",
                       "reason": "孵化期满"}, follow_redirects=True)
    assert "已向「瓯江加速器」发起接续申请" in asked.text and "接续申请待「瓯江加速器」接收" in asked.text
    assert "接续到其他载体…" not in asked.text
    outgoing = operator_page.get(f"/carriers/{incubator.id}").text
    assert "接续转出" in outgoing and "待接收" in outgoing

    receiver = sign_in(app.test_client(), UserFactory(role=Role.incubator, incubator=accelerator).username)
    assert receiver.get(f"/carriers/{incubator.id}").status_code == 404
    incoming = receiver.get(f"/carriers/{accelerator.id}")
    assert "储能电控" in incoming.text and "孵化期满" in incoming.text and ">接收</button>" in incoming.text
    transfer = db.scalar(sa.select(Transfer).where(Transfer.project_id == project.id))
    # The sender cannot accept its own request.
    assert post_form(operator_page, f"/transfers/{transfer.id}/accept", {}).status_code == 403
    done = post_form(receiver, f"/transfers/{transfer.id}/accept", {"reason": "欢迎"},
                     page=f"/carriers/{accelerator.id}", follow_redirects=True)
    assert "已接收：储能电控，现由「瓯江加速器」管理" in done.text and "空间入驻率 <strong>50%</strong>" in done.text
    db.expire_all()
    moved = db.get(Project, project.id)
    assert (moved.incubator_id, moved.stage, moved.placement.space_id) == (accelerator.id, Stage.acceleration, plant.id)
    assert operator_page.get(f"/projects/{project.id}").status_code == 404
    assert "空间入驻率 <strong>0%</strong>" in operator_page.get(f"/carriers/{incubator.id}").text


def test_staff_list_the_carriers_and_admit_a_prospect(app, db, incubator, admin_page):
    office, *_ = _world(db, incubator)
    listed = admin_page.get("/carriers")
    assert listed.status_code == 200 and incubator.name in listed.text and "瓯江加速器" in listed.text
    accelerators = admin_page.get("/carriers?kind=accelerator").text
    assert "瓯江加速器" in accelerators and incubator.name not in accelerators
    prospect = Project(name="创赛项目", stage=Stage.nursery, status=Status.prospect)
    db.add(prospect)
    db.flush()
    shown = admin_page.get(f"/projects/{prospect.id}")
    assert "待入孵：尚无载体接收" in shown.text and "接收入孵…" in shown.text
    asked = post_form(admin_page, f"/projects/{prospect.id}/transfers",
                      {"to_incubator_id": incubator.id, "space_id": office.id, "area": "50"}, follow_redirects=True)
    assert "发起接续申请" in asked.text
    transfer = db.scalar(sa.select(Transfer).where(Transfer.project_id == prospect.id))
    declined = post_form(admin_page, f"/transfers/{transfer.id}/decline", {"reason": "方向不符"}, follow_redirects=True)
    assert "已拒绝：创赛项目" in declined.text and "方向不符" in declined.text
    db.refresh(transfer)
    assert transfer.status is TransferStatus.declined


def test_an_operator_is_sent_to_its_own_carrier(operator_page, incubator):
    response = operator_page.get("/carriers")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/carriers/{incubator.id}")
    own = operator_page.get(f"/carriers/{incubator.id}")
    assert own.status_code == 200 and incubator.name in own.text


def test_an_operator_registers_a_space_on_its_page(operator_page, db, incubator):
    bad = post_form(operator_page, f"/carriers/{incubator.id}/spaces", {"space_type": "desk", "total_area": "-3"},
                    follow_redirects=True)
    assert "空间未登记：应大于 0 且不超过 10000000" in bad.text
    done = post_form(operator_page, f"/carriers/{incubator.id}/spaces",
                     {"space_type": "desk", "name": "共享工位", "total_area": "120", "desks": "30"}, follow_redirects=True)
    assert "已登记空间：共享工位" in done.text and ">30/30<" in done.text
    other = IncubatorFactory()
    assert post_form(operator_page, f"/carriers/{other.id}/spaces", {"space_type": "desk", "total_area": "5"}
                     ).status_code == 404


def test_promotion_staff_register_a_prospect_on_the_form(staff_page, db):
    assert "登记待入孵项目" in staff_page.get("/projects").text
    form = staff_page.get("/projects/new")
    assert form.status_code == 200 and "招商人员登记的项目为待入孵" in form.text and 'name="incubator_id"' not in form.text
    done = post_form(staff_page, "/projects/new", {"name": "大赛推荐项目", "stage": "incubation"}, page="/projects/new",
                     follow_redirects=True)
    assert "已登记项目：大赛推荐项目" in done.text and "待入孵：尚无载体接收" in done.text and "接收入孵…" in done.text
    project = db.scalar(sa.select(Project).where(Project.name == "大赛推荐项目"))
    assert (project.status, project.incubator_id, project.stage) == (Status.prospect, None, Stage.incubation)
