"""Following a match: proposing it, editing its ledger, stepping it to signing and landing, reserving its space."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .audit import AuditAction, record
from .base import wenzhou_today
from .errors import Conflict, InvalidInput, InvalidTransition, NotFound
from .labels import MATCH_STATUS_NAMES, STATUS_NAMES
from .match import OFFER_ARCHIVED, OPEN, STEPS, DropReason, Match, MatchAction, MatchStatus, MatchStep
from .project import Action, Project, Status
from .reference_service import lookups
from .site import Offer, Site
from .user import Role, User
from .versioning import AVAILABILITY, bump_version

# Before signing, the negotiated area may still change.
UNSIGNED = (MatchStatus.proposed, MatchStatus.contacted, MatchStatus.visited, MatchStatus.negotiating)
OWNER_ROLES = (Role.promotion, Role.admin)
LEDGER_FIELDS = ("note", "next_action", "next_action_on")


def get_match_or_raise(match_id: int, *, session: Session, incubator_scope: int | None = None) -> Match:
    """The match with this id; `NotFound` also for another incubator's project."""
    match = session.get(Match, match_id)
    if match is None or (incubator_scope is not None and match.project.incubator_id != incubator_scope):
        raise NotFound(f"匹配 {match_id} 不存在")
    return match


def area_range(project: Project, offer: Offer) -> tuple[float, float]:
    """The areas a match may reserve: inside the project's need range and the offer's size limits."""
    low = max(project.need_area_min or 0.0, offer.min_area or 0.0)
    # A need with no maximum asks for its minimum.
    caps = [x for x in (project.need_area_max or project.need_area_min, offer.max_area) if x]
    return low, min(caps) if caps else float("inf")


def default_area(project: Project, offer: Offer) -> float:
    """The largest area within the need range that the offer can host (the need's minimum if it hosts none)."""
    low, high = area_range(project, offer)
    best = min(high, offer.available_area)
    return best if best >= low and best > 0 else (project.need_area_min or low)


def _check_area(area: float, project: Project, offer: Offer) -> None:
    low, high = area_range(project, offer)
    if area < low or area > high:
        top = "" if high == float("inf") else f"～{high:,.0f}"
        raise InvalidInput({"area": [f"面积应在项目需求与空间限制之内：{low:,.0f}{top}㎡"]})


def _owner_or_raise(owner_id: int | None, *, session: Session) -> User | None:
    if owner_id is None:
        return None
    owner = session.get(User, owner_id)
    if owner is None or not owner.active or owner.role not in OWNER_ROLES:
        raise InvalidInput({"owner_id": [f"用户 {owner_id} 不存在或不是招商人员"]})
    return owner


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
    area = data.get("area") or default_area(project, offer)
    if area <= 0:
        raise InvalidInput({"area": ["请给出面积"]})
    if data.get("area"):
        _check_area(area, project, offer)
    owner = _owner_or_raise(data.get("owner_id"), session=session)
    note = data.get("note", "")
    match = Match(project=project, offer=offer, area=area, note=note, status=MatchStatus.proposed,
                  score=data.get("score"), factors=data.get("factors") or {}, event_id=data.get("event_id"),
                  owner=owner, next_action=data.get("next_action") or "", next_action_on=data.get("next_action_on"),
                  created_by=actor)
    match.history.append(MatchStep(action=MatchAction.propose, from_status=None, to_status=MatchStatus.proposed,
                                   reason=note, actor=actor, happened_on=wenzhou_today()))
    session.add(match)
    session.flush()
    return match


def update_match(match: Match, data: dict[str, Any], *, session: Session) -> Match:
    """Change a match's ledger: area (until signing), note, owner, next action and its date."""
    if "area" in data and data["area"] != match.area:
        if match.status not in UNSIGNED:
            raise Conflict(f"匹配当前为「{MATCH_STATUS_NAMES[match.status]}」，面积只能在签约前修改")
        _check_area(data["area"], match.project, match.offer)
        match.area = data["area"]
    if "owner_id" in data:
        match.owner = _owner_or_raise(data["owner_id"], session=session)
    for name in LEDGER_FIELDS:
        if name in data:
            setattr(match, name, data[name] if data[name] is not None or name == "next_action_on" else "")
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


def _signed_match(project_id: int, *, session: Session, other_than: int | None = None) -> Match | None:
    query = sa.select(Match).where(Match.project_id == project_id, Match.status == MatchStatus.signed)
    if other_than is not None:
        query = query.where(Match.id != other_than)
    return session.scalars(query.execution_options(populate_existing=True)).first()


def _already_signed(signed: Match) -> Conflict:
    return Conflict(f"项目「{signed.project.name}」已签约：匹配 {signed.id}（{signed.offer.site.name}，"
                    f"{signed.area:,.0f}㎡）。一个项目只能签约一处；如需改签，请在签约时指定 replaces={signed.id}")


def _check_date(match: Match, at: date | None, today: date | None) -> date:
    today = today or wenzhou_today()
    at = at or today
    if at > today:
        raise InvalidInput({"at": [f"日期不能晚于今天（{today.isoformat()}）"]})
    if (last := match.last_step_on) is not None and at < last:
        raise InvalidInput({"at": [f"日期不能早于上一步（{last.isoformat()}）"]})
    return at


def step_match(
    match: Match, action: MatchAction, *, actor: str, reason: str = "", session: Session, at: date | None = None,
    drop_reason: DropReason | None = None, replaces: int | None = None, today: date | None = None,
) -> MatchStep:
    """Move a match one step with its note and date; `sign` reserves the area (one signing per project,
    `replaces` drops the one it takes over), `drop` after signing releases it, `land` lands the project."""
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
    if replaces is not None and action is not MatchAction.sign:
        raise InvalidInput({"replaces": ["只有签约可以指定改签的匹配"]})
    happened_on = _check_date(match, at, today)
    if action is MatchAction.sign:
        _sign(match, actor=actor, replaces=replaces, session=session, happened_on=happened_on)
    elif action is MatchAction.drop and before is MatchStatus.signed:
        _unsign(match, actor=actor, reason=reason or "撤销签约", session=session)
    elif action is MatchAction.land:
        _land(match, actor=actor, session=session)
    if action is MatchAction.drop:
        drop_reason = drop_reason or DropReason.other
    else:
        drop_reason = None
    match.status = after
    if after not in OPEN:  # a closed match has no next step
        match.next_action, match.next_action_on = "", None
    step = MatchStep(action=action, from_status=before, to_status=after, reason=reason, actor=actor,
                     drop_reason=drop_reason, happened_on=happened_on)
    match.history.append(step)
    if action is MatchAction.sign:
        _flush_signing(match, session=session)
    else:
        session.flush()
    session.expire(match.offer, ["available_area", "version"])
    return step


def _sign(match: Match, *, actor: str, replaces: int | None, session: Session, happened_on: date) -> None:
    # The project's row lock puts signings of one project in line: the second sees the first.
    session.execute(sa.select(Project.id).where(Project.id == match.project_id).with_for_update())
    project = session.get(Project, match.project_id, populate_existing=True)
    signed = _signed_match(project.id, session=session, other_than=match.id)
    if signed is not None and signed.id != replaces:
        raise _already_signed(signed)
    if replaces is not None:
        old = session.get(Match, replaces)
        if old is None or old.project_id != project.id or old.id == match.id or old.status not in OPEN:
            raise InvalidInput({"replaces": [f"匹配 {replaces} 不是该项目另一条进行中的匹配"]})
        note = f"改签至匹配 {match.id}（{match.offer.site.name}）"
        if old.status is MatchStatus.signed:
            _release(old.offer_id, old.area, session=session)
            project.transition(Action.unsign, actor=actor, reason=note)
        old.history.append(MatchStep(action=MatchAction.drop, from_status=old.status, to_status=MatchStatus.dropped,
                                     reason=note, drop_reason=DropReason.other, actor=actor, happened_on=happened_on))
        old.status = MatchStatus.dropped
        session.flush()
    if project.status is not Status.graduated:
        raise InvalidTransition(f"项目当前状态为「{STATUS_NAMES[project.status]}」，只有已毕业待落地的项目可以签约")
    _reserve(match.offer_id, match.area, session=session)
    project.transition(Action.sign, actor=actor, reason=f"签约：{match.offer.site.name}（{match.area:,.0f}㎡）")


def _flush_signing(match: Match, *, session: Session) -> None:
    # The partial unique index is the guarantee; should a signing slip past the lock, its
    # refusal still names the match that holds the project.
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        signed = _signed_match(match.project_id, session=session, other_than=match.id)
        if signed is None:
            raise
        raise _already_signed(signed) from None


def _unsign(match: Match, *, actor: str, reason: str, session: Session) -> None:
    _release(match.offer_id, match.area, session=session)
    project = match.project
    if project.status is Status.signed:  # an exited project stays exited; its reservation goes
        project.transition(Action.unsign, actor=actor, reason=reason)


def _land(match: Match, *, actor: str, session: Session) -> None:
    project = match.project
    if project.status is not Status.signed:
        raise InvalidTransition("项目不是签约待落地状态，不能登记落地")
    project.transition(Action.land, actor=actor, reason=f"落地：{match.offer.site.name}")
    others = session.scalars(sa.select(Match).where(
        Match.project_id == project.id, Match.id != match.id, Match.status.in_(OPEN)))
    for other in others:
        other.history.append(MatchStep(action=MatchAction.drop, from_status=other.status, to_status=MatchStatus.dropped,
                                       reason="项目已在其他空间落地", drop_reason=DropReason.other, actor=actor,
                                       happened_on=wenzhou_today()))
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
        step_match(match, MatchAction.drop, actor=actor, reason=OFFER_ARCHIVED, session=session,
                   drop_reason=DropReason.other)
    return list(open_matches)


def list_matches(
    *, session: Session, incubator_scope: int | None = None, today: date | None = None, **filters: Any,
) -> sa.Select[tuple[Match]]:
    """A query of matches, newest first, by project, offer, event, status, owner, the site's district,
    the project's incubator, and `overdue` (an open match whose next action date has passed)."""
    query = sa.select(Match).order_by(Match.id.desc())
    if incubator_scope is not None:
        filters["incubator_id"] = incubator_scope if filters.get("incubator_id") in (None, incubator_scope) else -1
    for name in ("project_id", "offer_id", "event_id", "status", "owner_id"):
        if (value := filters.get(name)) is not None:
            query = query.where(getattr(Match, name) == value)
    if (incubator_id := filters.get("incubator_id")) is not None:
        query = query.where(Match.project_id.in_(sa.select(Project.id).where(Project.incubator_id == incubator_id)))
    if district := filters.get("district"):
        code = lookups(session).district_code(district, field="query.district")
        query = query.where(Match.offer_id.in_(
            sa.select(Offer.id).join(Site, Site.id == Offer.site_id).where(Site.district_code == code)))
    if (overdue := filters.get("overdue")) is not None:
        late = sa.and_(Match.status.in_(OPEN), Match.next_action_on < (today or wenzhou_today()))
        query = query.where(late if overdue else sa.not_(sa.func.coalesce(late, False)))
    return query
