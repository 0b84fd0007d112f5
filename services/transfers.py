"""Hand-overs between carriers (接续): asked by the current carrier or staff, decided by the receiver.

Accepting is one transaction: the project changes carrier, advances a stage if asked, leaves its
old space for the one asked for, and its history records `transfer` with both carriers. A
prospect (待入孵, no carrier yet) is admitted by the same hand-over, from no carrier.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.base import utcnow
from models.carrier import Placement, Transfer, TransferStatus
from models.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from models.incubator import Incubator
from models.incubator_service import get_incubator_or_raise
from models.labels import (
    INCUBATOR_KIND_NAMES,
    STAGE_NAMES,
    STATUS_NAMES,
    TRANSFER_STATUS_NAMES,
)
from models.project import CHAIN, Action, Project, Stage, StageChange, Status
from models.user import Role, User

from .carriers import check_room, placement_space

# Who may hand a project over: its carrier's operator (checked by the caller's scope) or staff.
REQUESTERS = (Role.admin, Role.promotion, Role.incubator)
# Who may decide: the receiving carrier's operator, or an admin.
DECIDERS = (Role.admin, Role.incubator)


def target_stage(project: Project, advance: bool) -> Stage:
    """The stage the project will be in at its new carrier."""
    if not advance:
        return project.stage
    if project.stage is Stage.acceleration:
        raise InvalidTransition("加速阶段的项目升段即毕业：请先毕业，再寻找落地空间")
    return CHAIN[CHAIN.index(project.stage) + 1]


def get_transfer_or_raise(transfer_id: int, *, session: Session, party: int | None = None) -> Transfer:
    """The transfer; `NotFound` also when carrier `party` is neither its sender nor its receiver."""
    transfer = session.get(Transfer, transfer_id)
    if transfer is None or (party is not None and party not in (transfer.from_incubator_id, transfer.to_incubator_id)):
        raise NotFound(f"接续申请 {transfer_id} 不存在")
    return transfer


def _check(project: Project, to: Incubator, advance: bool) -> Stage:
    """The stage the project will have at `to`; why not, if it cannot go there now."""
    if project.status not in (Status.active, Status.prospect):
        raise InvalidTransition(f"项目当前为「{STATUS_NAMES[project.status]}」，只有在孵或待入孵项目可以接续到其他载体")
    if project.incubator_id == to.id:
        raise Conflict(f"项目已在「{to.name}」，无需接续")
    stage = target_stage(project, advance)
    if stage.value not in to.stages:
        hosted = "、".join(STAGE_NAMES[s] for s in to.stages)
        raise Conflict(f"「{to.name}」（{INCUBATOR_KIND_NAMES[to.kind]}）承接{hosted}阶段，不承接{STAGE_NAMES[stage]}阶段的项目")
    return stage


def request_transfer(project: Project, data: dict[str, Any], *, actor: str, session: Session) -> Transfer:
    """Ask carrier `to_incubator_id` to take the project over (or admit a prospect)."""
    to = get_incubator_or_raise(data["to_incubator_id"], session=session)
    _check(project, to, data.get("advance", False))
    pending = session.scalar(sa.select(Transfer.id).where(
        Transfer.project_id == project.id, Transfer.status == TransferStatus.pending))
    if pending is not None:
        raise Conflict(f"项目已有待处理的接续申请（编号 {pending}），请等对方处理或撤回后再申请")
    placement = data.get("placement")
    if placement is not None:
        space = placement_space(placement, incubator_id=to.id, session=session)
        check_room(space, placement.get("area") or 0.0, placement.get("desks") or 0, session=session)
    transfer = Transfer(
        project_id=project.id, from_incubator_id=project.incubator_id, to_incubator_id=to.id,
        advance=data.get("advance", False), reason=data.get("reason", ""), requested_by=actor,
        space_id=placement["space_id"] if placement else None,
        area=(placement.get("area") or 0.0) if placement else None,
        desks=(placement.get("desks") or 0) if placement else None,
    )
    session.add(transfer)
    session.flush()
    return transfer


def check_decider(transfer: Transfer, user: User) -> None:
    """Only the receiving carrier's operator, or an admin, decides a transfer."""
    if user.role is Role.admin:
        return
    if user.role is not Role.incubator or user.incubator_id != transfer.to_incubator_id:
        raise Forbidden("只有接收方载体或管理员可以接收或拒绝接续申请")


def _pending_or_raise(transfer: Transfer) -> None:
    if transfer.status is not TransferStatus.pending:
        raise Conflict(f"接续申请已{TRANSFER_STATUS_NAMES[transfer.status][-3:]}，不能再处理")


def accept_transfer(transfer: Transfer, *, actor: str, reason: str, session: Session) -> StageChange:
    """Hand the project over, all at once: carrier, stage, placement, history, the transfer's decision."""
    # The project row first: a hand-over and an edit of the same project cannot interleave.
    session.execute(sa.select(Project.id).where(Project.id == transfer.project_id).with_for_update())
    session.execute(sa.select(Transfer.id).where(Transfer.id == transfer.id).with_for_update())
    session.refresh(transfer)
    _pending_or_raise(transfer)
    project = transfer.project
    if project.incubator_id != transfer.from_incubator_id:
        raise Conflict("项目在申请后已变更所在载体，此接续申请已失效")
    to = transfer.to_incubator
    stage = _check(project, to, transfer.advance)
    duplicate = session.scalar(sa.select(Project.id).where(Project.incubator_id == to.id, Project.name == project.name))
    if duplicate is not None:
        raise Conflict(f"「{to.name}」已有同名项目：{project.name}（编号 {duplicate}），请先改名")
    change = StageChange(
        action=Action.transfer, from_stage=project.stage, to_stage=stage, from_status=project.status,
        to_status=Status.active, reason=transfer.reason or reason, actor=actor,
        from_incubator_id=project.incubator_id, to_incubator_id=to.id,
    )
    # Leaving the old space before taking the new one; the old room is vacant at once.
    project.placement = None
    session.flush()
    if transfer.space_id is not None:
        space = placement_space({"space_id": transfer.space_id, "desks": transfer.desks}, incubator_id=to.id,
                                session=session)
        check_room(space, transfer.area or 0.0, transfer.desks or 0, session=session)
    project.incubator_id, project.stage, project.status = to.id, stage, Status.active
    project.incubator = to
    project.history.append(change)
    session.flush()
    if transfer.space_id is not None:
        project.placement = Placement(space_id=transfer.space_id, area=transfer.area or 0.0, desks=transfer.desks or 0)
    _decide(transfer, TransferStatus.accepted, actor=actor, reason=reason)
    session.flush()
    return change


def decline_transfer(transfer: Transfer, *, actor: str, reason: str, session: Session) -> Transfer:
    """Refuse the hand-over; the project stays where it is."""
    _pending_or_raise(transfer)
    _decide(transfer, TransferStatus.declined, actor=actor, reason=reason)
    session.flush()
    return transfer


def _decide(transfer: Transfer, status: TransferStatus, *, actor: str, reason: str) -> None:
    transfer.status, transfer.decided_by, transfer.decided_at = status, actor, utcnow()
    transfer.decision_reason = reason


def list_transfers(
    *, session: Session, incubator_id: int | None = None, direction: str | None = None,
    status: TransferStatus | None = None, project_id: int | None = None,
) -> sa.Select[tuple[Transfer]]:
    """Transfers, newest first: of one carrier (incoming, outgoing or both), by status, of one project."""
    if direction is not None and incubator_id is None:
        raise InvalidInput({"query.direction": ["按方向筛选须同时给出载体（incubator_id）"]})
    query = sa.select(Transfer).order_by(Transfer.id.desc())
    if incubator_id is not None:
        incoming, outgoing = Transfer.to_incubator_id == incubator_id, Transfer.from_incubator_id == incubator_id
        query = query.where({"incoming": incoming, "outgoing": outgoing}.get(direction, sa.or_(incoming, outgoing)))
    if status is not None:
        query = query.where(Transfer.status == status)
    if project_id is not None:
        query = query.where(Transfer.project_id == project_id)
    return query


__all__ = [
    "DECIDERS", "REQUESTERS", "accept_transfer", "check_decider", "decline_transfer",
    "get_transfer_or_raise", "list_transfers", "request_transfer", "target_stage",
]
