"""Districts of Wenzhou and the GB/T 4754-2017 industry codes."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from models.reference import District, Industry

from ..common import Blueprint, PaginationQuerySchema, paginate
from ..context import db_session
from ..security import current_user
from .schemas import DistrictPageSchema, IndustryPageSchema, IndustryQuerySchema

blp = Blueprint("reference", __name__, url_prefix="/api/v1", description="参考数据：区县与行业代码")


@blp.route("/districts")
class Districts(MethodView):
    @blp.arguments(PaginationQuerySchema, location="query")
    @blp.response(200, DistrictPageSchema)
    def get(self, args):
        """Wenzhou's 12 county-level divisions and 温州海经区."""
        current_user()
        query = sa.select(District).order_by(District.position, District.code)
        return paginate(query, args, session=db_session())


@blp.route("/industries")
class Industries(MethodView):
    @blp.arguments(IndustryQuerySchema, location="query")
    @blp.response(200, IndustryPageSchema)
    def get(self, args):
        """GB/T 4754-2017 codes, searchable by code prefix or name."""
        current_user()
        query = sa.select(Industry).order_by(Industry.code)
        if q := args.pop("q", "").strip():
            query = query.where(
                sa.or_(
                    Industry.code.startswith(q.upper(), autoescape=True),
                    Industry.name.contains(q, autoescape=True),
                )
            )
        if level := args.pop("level", None):
            query = query.where(Industry.level == level)
        if parent := args.pop("parent", None):
            query = query.where(Industry.parent == parent.upper())
        return paginate(query, args, session=db_session())
