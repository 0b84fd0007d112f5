"""Districts of Wenzhou and the GB/T 4754-2017 industry codes."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from models.reference import CITY_NAME, CITY_SCOPE, District, PlanTarget
from models.reference_service import lookups, search_industries

from ..common import Blueprint, PaginationQuerySchema, paginate
from ..context import db_session
from ..security import ANY_ROLE, current_user, roles
from .schemas import (
    DistrictPageSchema,
    IndustryPageSchema,
    IndustryQuerySchema,
    PlanTargetPageSchema,
    PlanTargetQuerySchema,
)

blp = Blueprint("reference", __name__, url_prefix="/api/v1", description="参考数据：区县与行业代码")


@blp.route("/districts")
class Districts(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(PaginationQuerySchema, location="query")
    @blp.response(200, DistrictPageSchema)
    def get(self, args):
        """Wenzhou's 12 county-level divisions and 温州海经区."""
        current_user()
        query = sa.select(District).order_by(District.position, District.code)
        return paginate(query, args, session=db_session())


@blp.route("/industries")
class Industries(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(IndustryQuerySchema, location="query")
    @blp.response(200, IndustryPageSchema)
    def get(self, args):
        """GB/T 4754-2017 codes, searchable by code prefix or name."""
        current_user()
        query = search_industries(args.pop("q", ""), level=args.pop("level", None), parent=args.pop("parent", None))
        return paginate(query, args, session=db_session())


@blp.route("/plan-targets")
class PlanTargets(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(PlanTargetQuerySchema, location="query")
    @blp.response(200, PlanTargetPageSchema)
    def get(self, args):
        """Targets of the 2025–2027 plan (Annex 2) per district and year; 330300 is the whole city."""
        current_user()
        session = db_session()
        names = {**lookups(session).district_names, CITY_SCOPE: CITY_NAME}
        query = sa.select(PlanTarget).order_by(PlanTarget.scope, PlanTarget.year, PlanTarget.metric)
        if district := args.pop("district", None):
            scope = CITY_SCOPE if district.strip() in (CITY_NAME, CITY_SCOPE) else lookups(session).district_code(
                district, field="query.district")
            query = query.where(PlanTarget.scope == scope)
        if year := args.pop("year", None):
            query = query.where(PlanTarget.year == year)
        if metric := args.pop("metric", None):
            query = query.where(PlanTarget.metric == metric)
        page = paginate(query, args, session=session)
        page["items"] = [{"scope": t.scope, "scope_name": names.get(t.scope, t.scope), "year": t.year,
                          "metric": t.metric, "target": t.target} for t in page["items"]]
        return page
