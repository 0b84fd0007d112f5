"""Projects (项目), their space need, and the stage machine with its history."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, enum_column_type, utcnow
from .errors import InvalidTransition
from .incubator import Incubator
from .labels import ACTION_NAMES, STAGE_NAMES, STATUS_NAMES
from .user import Role


class Stage(enum.StrEnum):
    nursery = "nursery"
    incubation = "incubation"
    acceleration = "acceleration"
    industrialization = "industrialization"


class Status(enum.StrEnum):
    prospect = "prospect"  # brought in by staff (赛展促孵), no carrier holds it yet (待入孵)
    active = "active"
    graduated = "graduated"
    signed = "signed"  # holds one signed match, not yet landed (签约待落地)
    landed = "landed"
    exited = "exited"


class SpaceType(enum.StrEnum):
    office = "office"
    lab = "lab"
    plant = "plant"
    land = "land"


class Action(enum.StrEnum):
    admit = "admit"
    advance = "advance"
    graduate = "graduate"
    exit = "exit"
    land = "land"  # recorded when a signed match lands
    sign = "sign"  # recorded when one of its matches is signed
    unsign = "unsign"  # recorded when its signed match is dropped: it seeks a site again
    transfer = "transfer"  # recorded when another carrier accepts it (接续), or first admits a prospect


# The chain inside the incubator; industrialization is reached only by graduating.
CHAIN = (Stage.nursery, Stage.incubation, Stage.acceleration)
GRADUATING_STAGES = (Stage.incubation, Stage.acceleration)
# Who moves a project through the stages: its incubator and admins; promotion staff read.
# Landing is recorded by a match, never by hand.
STAGE_ROLES = (Role.admin, Role.incubator)
USER_ACTIONS = (Action.advance, Action.graduate, Action.exit)

SPACE_NEED_FIELDS = (
    "space_type",
    "area_min",
    "area_max",
    "needed_by",
    "power_kva",
    "floor_load",
    "clear_height",
    "clean_room",
    "hazardous",
    "max_rent",
)


class ProjectIndustry(Base):
    """One of a project's industries; position 0 is its main industry."""

    __tablename__ = "project_industries"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    industry_code: Mapped[str] = mapped_column(
        sa.ForeignKey("industries.code"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)


class ProjectDistrict(Base):
    """A district a project would prefer to land in, in order of preference."""

    __tablename__ = "project_preferred_districts"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    district_code: Mapped[str] = mapped_column(sa.ForeignKey("districts.code"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Project(Base):
    """A startup registered by an incubator, with the space it will need when it graduates."""

    __tablename__ = "projects"
    __table_args__ = (
        # Imports find a project again by its incubator and name.
        sa.UniqueConstraint("incubator_id", "name", name="uq_projects_incubator_name"),
        sa.CheckConstraint("team_size IS NULL OR team_size >= 0", name="team_size"),
        sa.CheckConstraint("revenue IS NULL OR revenue >= 0", name="revenue"),
        sa.CheckConstraint("financing IS NULL OR financing >= 0", name="financing"),
        sa.CheckConstraint("planned_investment IS NULL OR planned_investment >= 0", name="planned_investment"),
        sa.CheckConstraint("need_area_min IS NULL OR need_area_min > 0", name="need_area_min"),
        sa.CheckConstraint(
            "need_area_max IS NULL OR (need_area_min IS NOT NULL AND need_area_max >= need_area_min)",
            name="need_area_max",
        ),
        sa.CheckConstraint(
            "(need_space_type IS NULL) = (need_area_min IS NULL)", name="need_type_and_area"
        ),
        sa.CheckConstraint("need_power_kva IS NULL OR need_power_kva >= 0", name="need_power"),
        sa.CheckConstraint("need_floor_load IS NULL OR need_floor_load > 0", name="need_floor_load"),
        sa.CheckConstraint(
            "need_clear_height IS NULL OR need_clear_height > 0", name="need_clear_height"
        ),
        sa.CheckConstraint("need_max_rent IS NULL OR need_max_rent >= 0", name="need_max_rent"),
        sa.CheckConstraint(
            "(stage = 'industrialization') = (status IN ('graduated', 'signed', 'landed'))"
            " OR status = 'exited'",
            name="stage_status",
        ),
        # Every project but a prospect (and a prospect given up) is held by a carrier.
        sa.CheckConstraint(
            "(status = 'prospect' AND incubator_id IS NULL) OR (status <> 'prospect'"
            " AND (incubator_id IS NOT NULL OR status = 'exited'))",
            name="carrier",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incubator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incubators.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    stage: Mapped[Stage] = mapped_column(enum_column_type(Stage, "stage"), index=True)
    status: Mapped[Status] = mapped_column(
        enum_column_type(Status, "status"), default=Status.active, index=True
    )
    team_size: Mapped[int | None]
    revenue: Mapped[float | None] = mapped_column(sa.Float)  # 万元 per year
    financing: Mapped[float | None] = mapped_column(sa.Float)  # 万元 raised in total
    planned_investment: Mapped[float | None] = mapped_column(sa.Float)  # 万元 it plans to invest where it lands

    need_space_type: Mapped[SpaceType | None] = mapped_column(
        enum_column_type(SpaceType, "space_type")
    )
    need_area_min: Mapped[float | None] = mapped_column(sa.Float)
    need_area_max: Mapped[float | None] = mapped_column(sa.Float)
    need_needed_by: Mapped[date | None]
    need_power_kva: Mapped[float | None] = mapped_column(sa.Float)
    need_floor_load: Mapped[float | None] = mapped_column(sa.Float)
    need_clear_height: Mapped[float | None] = mapped_column(sa.Float)
    need_clean_room: Mapped[bool | None]
    need_hazardous: Mapped[bool | None]
    need_max_rent: Mapped[float | None] = mapped_column(sa.Float)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic concurrency: every UPDATE checks and bumps it, so two editors never
    # silently overwrite each other.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    incubator: Mapped[Incubator | None] = relationship(lazy="joined")
    industry_links: Mapped[list[ProjectIndustry]] = relationship(
        order_by=ProjectIndustry.position, cascade="all, delete-orphan", lazy="selectin"
    )
    preferred_links: Mapped[list[ProjectDistrict]] = relationship(
        order_by=ProjectDistrict.position, cascade="all, delete-orphan", lazy="selectin"
    )
    history: Mapped[list[StageChange]] = relationship(
        order_by="StageChange.id", cascade="all, delete-orphan", back_populates="project"
    )

    @property
    def industries(self) -> list[str]:
        return [link.industry_code for link in self.industry_links]

    @property
    def preferred_districts(self) -> list[str]:
        return [link.district_code for link in self.preferred_links]

    @property
    def space_need(self) -> dict[str, Any] | None:
        if self.need_space_type is None:
            return None
        return {name: getattr(self, f"need_{name}") for name in SPACE_NEED_FIELDS}

    def allows(self, action: Action, role: str) -> bool:
        """Whether a user of `role` may apply `action` now (operators and admins move stages)."""
        if role not in STAGE_ROLES or action not in USER_ACTIONS:
            return False
        try:
            _next_state(self, action)
        except InvalidTransition:
            return False
        return True

    def transition(self, action: Action, *, actor: str, reason: str = "") -> StageChange:
        """Apply a stage-machine action and record it; `InvalidTransition` says why not."""
        stage, status = _next_state(self, action)
        change = StageChange(
            action=action,
            from_stage=self.stage,
            to_stage=stage,
            from_status=self.status,
            to_status=status,
            reason=reason,
            actor=actor,
        )
        self.stage, self.status = stage, status
        self.history.append(change)
        return change


def _next_state(project: Project, action: Action) -> tuple[Stage, Status]:
    stage, status = project.stage, project.status
    where = f"项目当前为「{STAGE_NAMES[stage]}」阶段、状态「{STATUS_NAMES[status]}」"
    if action is Action.admit:
        raise InvalidTransition("入孵只在登记项目时记录")
    if status in (Status.exited, Status.landed):
        raise InvalidTransition(f"项目已{STATUS_NAMES[status][-2:]}，不能再变更阶段")
    if action is Action.exit:
        return stage, Status.exited
    if status is Status.prospect:
        raise InvalidTransition(f"{where}，须先由载体接收入孵（接续），才能{ACTION_NAMES[action]}")
    if action is Action.sign:
        if status is not Status.graduated:
            raise InvalidTransition(f"{where}，只有已毕业待落地的项目可以签约")
        return stage, Status.signed
    if action is Action.unsign:
        if status is not Status.signed:
            raise InvalidTransition(f"{where}，没有可撤销的签约")
        return stage, Status.graduated
    if action is Action.land:
        if status is not Status.signed:
            raise InvalidTransition(f"{where}，只有已签约的项目可以登记落地")
        return stage, Status.landed
    if status in (Status.graduated, Status.signed):
        verb = "再次毕业" if action is Action.graduate else "继续升段"
        raise InvalidTransition(f"项目已毕业（产业化阶段，正在寻找落地空间），不能{verb}")
    if action is Action.advance:
        if stage is Stage.acceleration:
            raise InvalidTransition(f"{where}，进入产业化请使用毕业（graduate）")
        return CHAIN[CHAIN.index(stage) + 1], status
    if action is Action.graduate:
        if stage not in GRADUATING_STAGES:
            raise InvalidTransition(f"{where}，只有孵化或加速阶段的项目可以毕业")
        return Stage.industrialization, Status.graduated
    raise InvalidTransition(f"未知操作：{action}")


class StageChange(Base):
    """One recorded step of a project's life: admission, a stage change, graduation or exit."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[Action] = mapped_column(enum_column_type(Action, "stage_action"))
    from_stage: Mapped[Stage | None] = mapped_column(enum_column_type(Stage, "from_stage"))
    to_stage: Mapped[Stage] = mapped_column(enum_column_type(Stage, "to_stage"))
    from_status: Mapped[Status | None] = mapped_column(enum_column_type(Status, "from_status"))
    to_status: Mapped[Status] = mapped_column(enum_column_type(Status, "to_status"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    actor: Mapped[str] = mapped_column(sa.String(80))
    # The carriers before and after: set on admission and on a hand-over (接续).
    from_incubator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incubators.id"))
    to_incubator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incubators.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="history")


__all__ = [
    "Action",
    "Project",
    "ProjectDistrict",
    "ProjectIndustry",
    "SpaceType",
    "Stage",
    "StageChange",
    "Status",
]
