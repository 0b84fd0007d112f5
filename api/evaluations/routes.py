"""The operators' evaluation (数据得空间): every carrier ranked on seven indicators, as JSON or xlsx."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView

from models.base import wenzhou_today
from services.evaluation import evaluate_year, evaluation_xlsx

from ..common import Blueprint, content_disposition
from ..context import db_session, evaluation_weights
from ..security import STAFF, roles
from .schemas import EvaluationQuerySchema, EvaluationResultSchema

blp = Blueprint("evaluations", __name__, url_prefix="/api/v1", description="运营评价（数据得空间）")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _evaluation(args: dict) -> dict:
    year = args.pop("year", None) or wenzhou_today().year
    return evaluate_year(year, session=db_session(), weights=evaluation_weights(args))


@blp.route("/evaluations")
class Evaluations(MethodView):
    @roles(*STAFF)
    @blp.arguments(EvaluationQuerySchema, location="query")
    @blp.response(200, EvaluationResultSchema)
    def get(self, args):
        """Every carrier's indicators, normalised values, score and rank for a year (weights: config, or w_*)."""
        return _evaluation(args)


@blp.route("/evaluations.xlsx")
class EvaluationSheet(MethodView):
    @roles(*STAFF)
    @blp.arguments(EvaluationQuerySchema, location="query")
    @blp.response(200, content_type=XLSX, description="The ranking as a workbook")
    def get(self, args):
        """The same ranking as an Excel workbook."""
        result = _evaluation(args)
        response = Response(evaluation_xlsx(result), mimetype=XLSX)
        response.headers["Content-Disposition"] = content_disposition(f"运营评价{result['year']}.xlsx")
        return response
