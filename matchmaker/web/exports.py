"""Excel exports of the list pages (projects, sites, matches, alerts): what the page shows, with its filters."""

from __future__ import annotations

import io
from typing import Any

from flask import send_file
from flask_login import current_user, login_required

from models.base import wenzhou_today
from models.errors import InvalidInput
from models.labels import (
    MATCH_STATUS_NAMES,
    SITE_KIND_NAMES,
    SPACE_TYPE_NAMES,
    STAGE_NAMES,
    STATUS_NAMES,
)
from models.project_service import list_projects
from models.site_service import list_sites
from services.digest import alerts_xlsx
from services.sheets import SheetColumn, sheet_xlsx

from .common import STAFF, bp, roles_required, session
from .filters import district
from .ledger import (
    alert_filters,
    board_filters,
    current_alerts,
    filtered_matches,
    is_overdue,
)
from .projects import _filters as project_filters
from .sites import _filters as site_filters

# A list export is for reading and sharing, not a backup: it stops at this many rows.
MAX_ROWS = 20000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PROJECT_COLUMNS = (
    SheetColumn("编号", lambda p: p.id, "int", 8),
    SheetColumn("名称", lambda p: p.name, width=24),
    SheetColumn("孵化器", lambda p: p.incubator.name if p.incubator else "待入孵", width=20),
    SheetColumn("区县", lambda p: district(p.incubator.district_code) if p.incubator else "", width=10),
    SheetColumn("阶段", lambda p: STAGE_NAMES[p.stage], width=10),
    SheetColumn("状态", lambda p: STATUS_NAMES[p.status], width=12),
    SheetColumn("行业代码", lambda p: "、".join(p.industries), width=16),
    SheetColumn("空间类型", lambda p: SPACE_TYPE_NAMES.get(p.need_space_type or "", ""), width=10),
    SheetColumn("需求面积下限（㎡）", lambda p: p.need_area_min, "area"),
    SheetColumn("需求面积上限（㎡）", lambda p: p.need_area_max, "area"),
    SheetColumn("团队人数", lambda p: p.team_size, "int", 10),
    SheetColumn("年营业收入（万元）", lambda p: p.revenue, "number"),
    SheetColumn("累计融资（万元）", lambda p: p.financing, "number"),
    SheetColumn("计划投资（万元）", lambda p: p.planned_investment, "number"),
)
SITE_COLUMNS = (
    SheetColumn("空间编号", lambda r: r[1].id if r[1] else None, "int", 10),
    SheetColumn("名称", lambda r: r[0].name, width=24),
    SheetColumn("类型", lambda r: SITE_KIND_NAMES[r[0].kind], width=10),
    SheetColumn("区县", lambda r: district(r[0].district_code), width=10),
    SheetColumn("国有", lambda r: "是" if r[0].state_owned else "否", width=6),
    SheetColumn("空间类型", lambda r: SPACE_TYPE_NAMES[r[1].space_type] if r[1] else "", width=10),
    SheetColumn("可用面积（㎡）", lambda r: r[1].available_area if r[1] else None, "area"),
    SheetColumn("最小面积（㎡）", lambda r: r[1].min_area if r[1] else None, "area"),
    SheetColumn("最大面积（㎡）", lambda r: r[1].max_area if r[1] else None, "area"),
    SheetColumn("租金（元/㎡/月）", lambda r: r[1].rent if r[1] else None, "number"),
    SheetColumn("可用日期", lambda r: r[1].available_from if r[1] else None, "date", 12),
)


def _last_note(match) -> str:
    return next((s.reason for s in reversed(match.history) if s.reason), "")


MATCH_COLUMNS = (
    SheetColumn("编号", lambda m: m.id, "int", 8),
    SheetColumn("项目", lambda m: m.project.name, width=24),
    SheetColumn("孵化器", lambda m: m.project.incubator.name, width=20),
    SheetColumn("落地空间", lambda m: m.offer.site.name, width=20),
    SheetColumn("空间区县", lambda m: district(m.offer.site.district_code), width=10),
    SheetColumn("面积（㎡）", lambda m: m.area, "area"),
    SheetColumn("状态", lambda m: MATCH_STATUS_NAMES[m.status], width=10),
    SheetColumn("负责人", lambda m: m.owner.username if m.owner else "", width=12),
    SheetColumn("下一步", lambda m: m.next_action, width=20),
    SheetColumn("期限", lambda m: m.next_action_on, "date", 12),
    SheetColumn("逾期", lambda m: "是" if is_overdue(m) else "", width=6),
    SheetColumn("最近一步", lambda m: m.last_step_on, "date", 12),
    SheetColumn("最近纪要", _last_note, width=40),
    SheetColumn("推荐得分", lambda m: m.score, "number", 10),
)


def _caption(what: str, shown: dict[str, Any]) -> str:
    chosen = "，".join(f"{k}={v}" for k, v in shown.items() if v)
    return f"{what}（导出于 {wenzhou_today().isoformat()}{'；筛选：' + chosen if chosen else ''}）"


def _download(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"{name}-{wenzhou_today().isoformat()}.xlsx")


@bp.route("/projects.xlsx")
@login_required
def export_projects():
    """The project list as it is filtered, as a workbook."""
    shown, query = project_filters()
    try:
        base = list_projects(session=session(), incubator_scope=current_user.scope, **query)
    except InvalidInput:
        query.pop("district", None)
        base = list_projects(session=session(), incubator_scope=current_user.scope, **query)
    rows = session().scalars(base.limit(MAX_ROWS)).unique().all()
    return _download(sheet_xlsx("项目", PROJECT_COLUMNS, rows, caption=_caption("项目", shown)), "projects")


@bp.route("/sites.xlsx")
@roles_required(*STAFF)
def export_sites():
    """The site list as it is filtered, one line per offer, as a workbook."""
    shown, query, _ = site_filters()  # a bad criterion is left out, as on the page
    try:
        base = list_sites(session=session(), **query)
    except InvalidInput:
        query.pop("district", None)
        base = list_sites(session=session(), **query)
    rows = [(site, offer) for site in session().scalars(base.limit(MAX_ROWS)).unique()
            for offer in (site.offers or [None])]
    return _download(sheet_xlsx("落地空间", SITE_COLUMNS, rows, caption=_caption("落地空间", shown)), "sites")


@bp.route("/matches.xlsx")
@roles_required(*STAFF)
def export_matches():
    """The board's matches as they are filtered, as a workbook."""
    shown, query = board_filters()
    rows = session().scalars(filtered_matches(query).limit(MAX_ROWS)).all()
    return _download(sheet_xlsx("匹配跟进", MATCH_COLUMNS, rows, caption=_caption("匹配跟进", shown)), "matches")


@bp.route("/alerts.xlsx")
@roles_required(*STAFF)
def export_alerts():
    """Today's alerts as they are filtered, as a workbook."""
    shown, query = alert_filters()
    alerts = current_alerts(query)
    data = alerts_xlsx(alerts, today=wenzhou_today(), caption=_caption("督办预警", shown))
    return _download(data, "alerts")
