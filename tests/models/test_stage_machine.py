"""The stage machine on the project model, without a database."""

import pytest

from models.errors import InvalidTransition
from models.project import Action, Project, Stage, Status


def make(stage: Stage, status: Status = Status.active) -> Project:
    return Project(name="p", stage=stage, status=status, history=[])


@pytest.mark.parametrize(
    ("stage", "expected"),
    [(Stage.nursery, Stage.incubation), (Stage.incubation, Stage.acceleration)],
)
def test_advance_moves_one_stage_forward(stage, expected):
    project = make(stage)
    change = project.transition(Action.advance, actor="a", reason="评审通过")
    assert (project.stage, project.status) == (expected, Status.active)
    assert (change.from_stage, change.to_stage, change.reason, change.actor) == (stage, expected, "评审通过", "a")
    assert project.history == [change]


def test_advance_from_acceleration_points_to_graduation():
    project = make(Stage.acceleration)
    with pytest.raises(InvalidTransition, match="毕业"):
        project.transition(Action.advance, actor="a")
    assert project.stage is Stage.acceleration and project.history == []


@pytest.mark.parametrize("stage", [Stage.incubation, Stage.acceleration])
def test_graduate_enters_industrialization(stage):
    project = make(stage)
    project.transition(Action.graduate, actor="a")
    assert (project.stage, project.status) == (Stage.industrialization, Status.graduated)


def test_nursery_cannot_graduate():
    with pytest.raises(InvalidTransition, match="孵化或加速"):
        make(Stage.nursery).transition(Action.graduate, actor="a")


def test_second_graduation_is_refused():
    project = make(Stage.acceleration)
    project.transition(Action.graduate, actor="a")
    with pytest.raises(InvalidTransition, match="不能再次毕业"):
        project.transition(Action.graduate, actor="a")


@pytest.mark.parametrize(
    ("stage", "status"),
    [(Stage.nursery, Status.active), (Stage.industrialization, Status.graduated)],
)
def test_exit_ends_active_or_graduated(stage, status):
    project = make(stage, status)
    project.transition(Action.exit, actor="a", reason="团队解散")
    assert project.status is Status.exited and project.stage is stage


@pytest.mark.parametrize("status", [Status.exited, Status.landed])
@pytest.mark.parametrize("action", [Action.advance, Action.graduate, Action.exit])
def test_nothing_moves_after_exit_or_landing(status, action):
    stage = Stage.industrialization if status is Status.landed else Stage.incubation
    with pytest.raises(InvalidTransition):
        make(stage, status).transition(action, actor="a")


def test_admit_is_only_recorded_at_registration():
    with pytest.raises(InvalidTransition):
        make(Stage.nursery).transition(Action.admit, actor="a")


@pytest.mark.parametrize(
    ("stage", "status", "role", "allowed"),
    [
        (Stage.nursery, Status.active, "incubator", {Action.advance, Action.exit}),
        (Stage.acceleration, Status.active, "admin", {Action.graduate, Action.exit}),
        (Stage.incubation, Status.active, "admin", {Action.advance, Action.graduate, Action.exit}),
        (Stage.industrialization, Status.graduated, "incubator", {Action.exit}),
        (Stage.industrialization, Status.landed, "admin", set()),
        (Stage.incubation, Status.active, "promotion", set()),
    ],
)
def test_allows_offers_exactly_the_steps_the_machine_accepts(stage, status, role, allowed):
    project = make(stage, status)
    assert {a for a in Action if project.allows(a, role)} == allowed
    assert project.history == []
