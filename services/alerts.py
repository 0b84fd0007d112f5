"""Supervision alerts (督办/预警): what in the ledger is overdue, computed for a given day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from models.base import WENZHOU, wenzhou_today
from models.errors import InvalidInput
from models.fund import FundIntention
from models.labels import ALERT_KIND_NAMES, MATCH_STATUS_NAMES
from models.match import OPEN, Match, MatchAction, MatchStatus
from models.project import Action, Project, StageChange, Status
from models.reference_service import lookups

__all__ = ["ALERT_KINDS", "DEFAULT_DAYS", "Alert", "count_alerts", "list_alerts", "parse_alert_days"]

ALERT_KINDS = tuple(ALERT_KIND_NAMES)
# Days before a condition becomes an alert; MATCHMAKER_ALERT_DAYS overrides ("unmatched=30,stalled=14,signed=90").
DEFAULT_DAYS = {"unmatched": 30, "stalled": 14, "signed": 90}
SEVERITY = {"unmatched_graduate": "medium", "stalled_match": "low", "overdue_action": "medium",
            "signed_not_landed": "medium", "relocation_risk": "high", "reservation_on_exited": "high"}
_ORDER = {"high": 0, "medium": 1, "low": 2}


def parse_alert_days(text: str | dict[str, int] | None) -> dict[str, int]:
    """`"unmatched=30,stalled=14,signed=90"` (any subset) over the defaults; `ValueError` says what is wrong."""
    days = dict(DEFAULT_DAYS)
    if isinstance(text, dict):
        text = ",".join(f"{k}={v}" for k, v in text.items())
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in DEFAULT_DAYS or not value.strip().isdigit():
            raise ValueError(f"{part!r}: expected one of {', '.join(DEFAULT_DAYS)} = a whole number of days")
        days[name] = int(value)
    return days


@dataclass
class Alert:
    """One alert: `since` is when the condition began, `due` the day it became an alert."""

    kind: str
    project: Project
    since: date
    due: date
    message: str
    match: Match | None = None
    owner: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return SEVERITY[self.kind]

    def as_dict(self) -> dict[str, Any]:
        """The alert as the API, the CLI and the pages show it."""
        match = self.match
        return {
            "kind": self.kind, "kind_name": ALERT_KIND_NAMES[self.kind], "severity": self.severity,
            "project": {"id": self.project.id, "name": self.project.name, "incubator_id": self.project.incubator_id,
                        "incubator_name": self.project.incubator.name},
            "match": None if match is None else {
                "id": match.id, "site_id": match.offer.site_id, "site_name": match.offer.site.name,
                "offer_id": match.offer_id, "area": match.area, "status": match.status.value,
                "next_action": match.next_action, "next_action_on": match.next_action_on},
            "since": self.since, "due": self.due,
            "owner": None if self.owner is None else {"id": self.owner.id, "username": self.owner.username},
            "message": self.message,
        }


def _local_date(moment: datetime) -> date:
    return moment.astimezone(WENZHOU).date()


def _site(match: Match) -> str:
    return match.offer.site.name


def list_alerts(
    *, session: Session, today: date | None = None, days: dict[str, int] | None = None,
    owner_id: int | None = None, district: str | None = None, kind: str | None = None,
    incubator_scope: int | None = None,
) -> list[Alert]:
    """Every alert due on `today` (Wenzhou's today by default), most severe and oldest first.

    `district` keeps alerts whose project's incubator or whose match's site is in it; an
    operator (`incubator_scope`) sees only its own projects.
    """
    today = today or wenzhou_today()
    days = {**DEFAULT_DAYS, **(days or {})}
    code = lookups(session).district_code(district, field="query.district") if district else None
    if kind is not None and kind not in ALERT_KINDS:
        raise InvalidInput({"query.kind": [f"未知的预警类型：{kind}"]})

    matches = session.scalars(
        sa.select(Match).where(Match.status.in_(OPEN))
        .options(selectinload(Match.history), selectinload(Match.owner)).order_by(Match.id)).all()
    open_of: dict[int, list[Match]] = defaultdict(list)
    for match in matches:
        open_of[match.project_id].append(match)
    alerts: list[Alert] = []

    def owner_of(project_id: int) -> Any:
        owned = [m for m in open_of.get(project_id, []) if m.owner is not None]
        return owned[-1].owner if owned else None

    graduated_on = dict(session.execute(
        sa.select(StageChange.project_id, sa.func.max(StageChange.at))
        .join(Project, Project.id == StageChange.project_id)
        .where(Project.status == Status.graduated, StageChange.action == Action.graduate)
        .group_by(StageChange.project_id)).all())
    for project in session.scalars(sa.select(Project).where(Project.id.in_(list(graduated_on)))):
        if open_of.get(project.id):
            continue
        since = _local_date(graduated_on[project.id])
        due = since + timedelta(days=days["unmatched"])
        if today >= due:
            alerts.append(Alert("unmatched_graduate", project, since, due,
                                f"「{project.name}」毕业已 {(today - since).days} 天，仍没有进行中的匹配，请尽快推荐落地空间"))

    for match in matches:
        project, last = match.project, match.last_step_on or _local_date(match.created_at)
        if match.status is MatchStatus.signed:
            signed_on = next((s.happened_on for s in reversed(match.history) if s.action is MatchAction.sign), last)
            due = signed_on + timedelta(days=days["signed"])
            if project.status is Status.exited:
                exited_on = next((_local_date(c.at) for c in reversed(project.history) if c.action is Action.exit),
                                 signed_on)
                if today >= exited_on:
                        alerts.append(Alert("reservation_on_exited", project, exited_on, exited_on,
                                        f"「{project.name}」已退出，仍占用「{_site(match)}」{match.area:,.0f}㎡，"
                                        "请撤销签约、释放空间", match, match.owner))
            elif today >= due:
                alerts.append(Alert("signed_not_landed", project, signed_on, due,
                                    f"「{project.name}」签约「{_site(match)}」已 {(today - signed_on).days} 天，尚未落地",
                                    match, match.owner))
        else:
            due = last + timedelta(days=days["stalled"])
            if today >= due:
                alerts.append(Alert("stalled_match", project, last, due,
                                    f"「{project.name}」与「{_site(match)}」的匹配已 {(today - last).days} 天没有进展"
                                    f"（停在「{MATCH_STATUS_NAMES[match.status]}」），请跟进", match, match.owner))
        if match.next_action_on is not None and today > match.next_action_on:
            what = f"「{match.next_action}」" if match.next_action else ""
            alerts.append(Alert("overdue_action", project, match.next_action_on,
                                match.next_action_on + timedelta(days=1),
                                f"「{project.name}」与「{_site(match)}」的下一步{what}期限 {match.next_action_on.isoformat()}"
                                f" 已过 {(today - match.next_action_on).days} 天", match, match.owner))

    reported = dict(session.execute(
        sa.select(FundIntention.project_id, sa.func.min(FundIntention.created_at))
        .join(Project, Project.id == FundIntention.project_id)
        .where(FundIntention.relocate_out.is_(True), Project.status.not_in([Status.landed, Status.exited]))
        .group_by(FundIntention.project_id)).all())
    for project in session.scalars(sa.select(Project).where(Project.id.in_(list(reported)))):
        since = _local_date(reported[project.id])
        if today >= since:
            alerts.append(Alert("relocation_risk", project, since, since,
                                f"「{project.name}」有基金拟投资并要求迁出温州，请优先跟进、争取留温",
                                owner=owner_of(project.id)))

    def keep(alert: Alert) -> bool:
        if kind is not None and alert.kind != kind:
            return False
        if incubator_scope is not None and alert.project.incubator_id != incubator_scope:
            return False
        if owner_id is not None and (alert.owner is None or alert.owner.id != owner_id):
            return False
        if code is not None:
            places = {alert.project.incubator.district_code}
            if alert.match is not None:
                places.add(alert.match.offer.site.district_code)
            return code in places
        return True

    chosen = [a for a in alerts if keep(a)]
    chosen.sort(key=lambda a: (_ORDER[a.severity], a.due, a.project.id, a.kind))
    return chosen


def count_alerts(alerts: list[Alert]) -> dict[str, Any]:
    """Counts by kind and by owner's username (None: no owner), for the dashboard."""
    by_kind = {kind: 0 for kind in ALERT_KINDS}
    by_owner: dict[str | None, int] = defaultdict(int)
    for alert in alerts:
        by_kind[alert.kind] += 1
        by_owner[alert.owner.username if alert.owner else None] += 1
    return {"total": len(alerts), "by_kind": by_kind, "by_owner": dict(by_owner)}
