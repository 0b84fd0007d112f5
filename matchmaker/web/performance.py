"""A project's financings and yearly figures recorded from its page (its operator and admins, as in the API)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user

from api.performance.schemas import AnnualFiguresCreateSchema, FinancingCreateSchema
from models.errors import Conflict
from models.performance_service import record_annual_figures, record_financing
from models.project import STAGE_ROLES
from models.project_service import get_project_or_raise

from .common import bp, roles_required, session
from .forms import flat_input, load_or_errors

FIELD_NAMES = {"amount": "到账金额", "received_on": "到账日期", "investor": "投资方", "round": "轮次", "year": "年度",
               "revenue": "营业收入", "employees": "从业人员", "rd_staff": "研发人员", "talents": "引进人才"}


def _record(project_id: int, schema, numbers: tuple[str, ...], texts: tuple[str, ...], record, done: str):
    db = session()
    project = get_project_or_raise(project_id, session=db, incubator_scope=current_user.scope)
    data, _ = flat_input(request.form, numbers, texts=texts)
    loaded, errors = load_or_errors(schema(), data)
    if errors:
        flash("未记录：" + "；".join(f"{FIELD_NAMES.get(k, k)}{'，'.join(v)}" for k, v in errors.items()), "error")
    else:
        try:
            record(project, loaded, actor=current_user.username, session=db)
        except Conflict as exc:  # a year already recorded: said on the page, not as an error page
            db.rollback()
            flash(f"未记录：{exc.detail}", "error")
        else:
            db.commit()
            flash(done.format(**loaded), "success")
    return redirect(url_for("web.project", project_id=project.id, _anchor="performance"))


@bp.route("/projects/<int:project_id>/financings", methods=["POST"])
@roles_required(*STAGE_ROLES)
def project_financing(project_id: int):
    """Record a financing the project received."""
    return _record(project_id, FinancingCreateSchema, ("amount", "received_on"), ("investor", "round"),
                   record_financing, "已记录到账融资 {amount:g} 万元")


@bp.route("/projects/<int:project_id>/annual-figures", methods=["POST"])
@roles_required(*STAGE_ROLES)
def project_annual_figures(project_id: int):
    """Record the project's figures of one year (a year already recorded is refused with a message)."""
    return _record(project_id, AnnualFiguresCreateSchema, ("year", "revenue", "employees", "rd_staff", "talents"), (),
                   record_annual_figures, "已记录 {year} 年经营数据")
