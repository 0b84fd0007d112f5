"""Following a match: proposing it, stepping it to signing and landing, reserving and releasing its space."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .audit import AuditAction, record
from .errors import Conflict, InvalidInput, InvalidTransition, NotFound
from .labels import MATCH_STATUS_NAMES
from .match import OFFER_ARCHIVED, OPEN, STEPS, Match, MatchAction, MatchStatus, MatchStep
from .project import Action, Project, Status
from .site import Offer
from .versioning import AVAILABILITY, bump_version


def get_match_or_raise(match_id: int, *, session: Session, incubator_scope: int | None = None) -> Match:
    """The match with this id; `NotFound` also for another incubator's project."""
    match = session.get(Match, match_id)
    if match is None or (incubator_scope is not None and match.project.incubator_id != incubator_scope):
        raise NotFound(f"匹配 {match_id} 不存在")
    return match


def propose_match(data: dict[str, Any], *, actor: str, session: Session) -> Match:
    """Start following a graduated project on an offer."""
    project = session.get(Project, data["project_id"])
    if project is None:
        raise InvalidInput({"project_id": [f"项目 {data['project_id']} 不存在"]})
    # FOR SHARE: an archiving in progress (which locks the offer FOR UPDATE) finishes first and
    # is seen here; an archiving that starts later waits for this match and then drops it.
    offer = session.get(Offer, data["offer_id"], with_for_update={"read": True})
    if offer is None or offer.archived_at is not None:
        raise InvalidInput({"offer_id": [f"空间 {data['offer_id']} 不存在或已下架"]})
    if project.status is not Status.graduated:
        raise Conflict("只有已毕业、正在寻找落地空间的项目可以推荐空间")
    duplicate = session.scalar(sa.select(Match.id).where(
        Match.project_id == project.id, Match.offer_id == offer.id, Match.status.in_(OPEN)))
    if duplicate is not None:
        raise Conflict(f"该项目与该空间已有进行中的匹配（编号 {duplicate}）")
    area = data.get("area") or (project.need_area_min or 0)
    if area <= 0:
        raise InvalidInput({"area": ["请给出面积"]})
    match = Match(project=project, offer=offer, area=area, note=data.get("note", ""), status=MatchStatus.proposed,
                  score=data.get("score"), factors=data.get("factors") or {}, event_id=data.get("event_id"),
                  created_by=actor)
    match.history.append(MatchStep(action=MatchAction.propose, from_status=None, to_status=MatchStatus.proposed,
                                   reason=data.get("note", ""), actor=actor))
    session.add(match)
    session.flush()
    return match


def _reserve(offer_id: int, area: float, *, session: Session) -> None:
    # One conditional UPDATE: the database checks and takes the area atomically, so two
    # signings can never both take the last square metres (row lock on PostgreSQL, the
    # single writer on SQLite).
    taken = session.execute(
        sa.update(Offer)
        .where(Offer.id == offer_id, Offer.archived_at.is_(None), Offer.available_area >= area)
        .values(available_area=Offer.available_area - area, version=Offer.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise Conflict(f"空间可用面积已不足 {area:,.0f}㎡，无法签约（可能已被其他签约占用）")
    record(session, action=AuditAction.update, entity="offers", entity_ids=[offer_id],
           changes=[{"available_area": f"-{area:g}（签约占用）"}])
    bump_version(AVAILABILITY, session=session)


def _release(offer_id: int, area: float, *, session: Session) -> None:
    session.execute(
        sa.update(Offer).where(Offer.id == offer_id)
        .values(available_area=Offer.available_area + area, version=Offer.version + 1)
        .execution_options(synchronize_session=False)
    )
    record(session, action=AuditAction.update, entity="offers", entity_ids=[offer_id],
           changes=[{"available_area": f"+{area:g}（释放）"}])
    bump_version(AVAILABILITY, session=session)


def step_match(match: Match, action: MatchAction, *, actor: str, reason: str, session: Session) -> MatchStep:
    """Move a match one step; `sign` reserves the area, `drop` after signing releases it, `land` lands the project."""
    before = match.status
    where = f"匹配当前为「{MATCH_STATUS_NAMES[before]}」"
    if action is MatchAction.drop:
        if before not in OPEN:
            raise InvalidTransition(f"{where}，已结束，不能放弃")
        after = MatchStatus.dropped
    elif action in STEPS:
        expected, after = STEPS[action]
        if before is not expected:
            raise InvalidTransition(f"{where}，此操作需要「{MATCH_STATUS_NAMES[expected]}」状态")
    else:
        raise InvalidTransition(f"不允许的操作：{action}")
    if action is MatchAction.sign:
        _reserve(match.offer_id, match.area, session=session)
    elif action is MatchAction.drop and before is MatchStatus.signed:
        _release(match.offer_id, match.area, session=session)
    elif action is MatchAction.land:
        _land(match, actor=actor, session=session)
    match.status = after
    step = MatchStep(action=action, from_status=before, to_status=after, reason=reason, actor=actor)
    match.history.append(step)
    session.flush()
    session.expire(match.offer, ["available_area", "version"])
    return step


def _land(match: Match, *, actor: str, session: Session) -> None:
    project = match.project
    if project.status is not Status.graduated:
        raise InvalidTransition("项目不是已毕业待落地状态，不能登记落地")
    project.transition(Action.land, actor=actor, reason=f"落地：{match.offer.site.name}")
    others = session.scalars(sa.select(Match).where(
        Match.project_id == project.id, Match.id != match.id, Match.status.in_(OPEN)))
    for other in others:
        if other.status is MatchStatus.signed:
            _release(other.offer_id, other.area, session=session)
        other.history.append(MatchStep(action=MatchAction.drop, from_status=other.status,
                                       to_status=MatchStatus.dropped, reason="项目已在其他空间落地", actor=actor))
        other.status = MatchStatus.dropped


def clear_matches_for_archiving(offers: list[Offer], *, actor: str, session: Session) -> list[Match]:
    """Ready offers to leave the market: `Conflict` if any holds a signing, else drop their open matches.

    The offers are locked first, so a signing that commits meanwhile is either seen here
    (and refused) or finds the offer archived (and is refused by `_reserve`).
    """
    ids = [offer.id for offer in offers]
    if not ids:
        return []
    session.execute(sa.select(Offer.id).where(Offer.id.in_(ids)).order_by(Offer.id).with_for_update())
    open_matches = session.scalars(
        sa.select(Match).where(Match.offer_id.in_(ids), Match.status.in_(OPEN)).order_by(Match.id)
        .execution_options(populate_existing=True)
    ).all()
    signed = [m for m in open_matches if m.status is MatchStatus.signed]
    if signed:
        names = "、".join(f"「{m.project.name}」（空间 {m.offer.ref}）" for m in signed)
        raise Conflict(f"空间已有签约项目：{names}，请先落地或撤销签约")
    for match in open_matches:
        step_match(match, MatchAction.drop, actor=actor, reason=OFFER_ARCHIVED, session=session)
    return list(open_matches)
