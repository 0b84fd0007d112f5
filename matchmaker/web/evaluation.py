"""运营评价: the operators' evaluation (数据得空间) for a year, its weights, and its export."""

from __future__ import annotations

import io

import marshmallow as ma
from flask import render_template, request, send_file

from api.context import evaluation_weights
from api.evaluations.schemas import EvaluationQuerySchema
from models.base import wenzhou_today
from models.errors import InvalidInput
from services.evaluation import INDICATORS, evaluate_year, evaluation_xlsx

from .common import STAFF, bp, roles_required, session
from .exports import XLSX


def _evaluation() -> tuple[dict, dict, dict]:
    """The evaluation the query asks for, the query as shown, and what was wrong with it (then defaults)."""
    shown = {name: (request.args.get(name) or "").strip() for name in ("year", *(f"w_{k}" for k in INDICATORS))}
    try:
        args = EvaluationQuerySchema().load({k: v for k, v in shown.items() if v})
        errors: dict = {}
    except ma.ValidationError as exc:
        args, errors = {}, exc.messages
    year = args.pop("year", None) or wenzhou_today().year
    try:
        weights = evaluation_weights(args)
    except InvalidInput as exc:
        errors, weights = exc.errors, evaluation_weights()
    return evaluate_year(year, session=session(), weights=weights), shown, errors


@bp.route("/evaluations")
@roles_required(*STAFF)
def evaluations():
    """Every carrier ranked on occupancy, admissions, talents, financing, revenue, graduations and local landings."""
    result, shown, errors = _evaluation()
    this_year = wenzhou_today().year
    return render_template("web/evaluations.html", result=result, shown=shown, errors=errors,
                           years=range(this_year, this_year - 6, -1))


@bp.route("/evaluations.xlsx")
@roles_required(*STAFF)
def evaluations_xlsx():
    """The ranking shown, as an Excel workbook."""
    result, _, _ = _evaluation()
    return send_file(io.BytesIO(evaluation_xlsx(result)), mimetype=XLSX, as_attachment=True,
                     download_name=f"运营评价{result['year']}.xlsx")
