"""Fund investment intentions (基金拟投动态报告)."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from models.fund import FundIntention
from models.fund_service import record_intention
from models.project import Project

from ..common import Blueprint, paginate
from ..context import db_session
from ..security import ANY_ROLE, STAFF, current_user, incubator_scope, roles
from .schemas import FundIntentionCreateSchema, FundIntentionPageSchema, FundIntentionQuerySchema, FundIntentionSchema

blp = Blueprint("funds", __name__, url_prefix="/api/v1", description="基金拟投")


@blp.route("/fund-intentions")
class FundIntentions(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(FundIntentionQuerySchema, location="query")
    @blp.response(200, FundIntentionPageSchema)
    def get(self, args):
        """Intentions, newest first; `relocate_out=true` lists the projects the city may lose."""
        user = current_user()
        query = sa.select(FundIntention).order_by(FundIntention.id.desc())
        if (scope := incubator_scope(user)) is not None:
            query = query.where(FundIntention.project_id.in_(sa.select(Project.id).where(Project.incubator_id == scope)))
        for name in ("project_id", "relocate_out"):
            if (value := args.pop(name, None)) is not None:
                query = query.where(getattr(FundIntention, name) == value)
        return paginate(query, args, session=db_session())

    @roles(*STAFF)
    @blp.arguments(FundIntentionCreateSchema)
    @blp.response(201, FundIntentionSchema)
    def post(self, data):
        """Record a fund's intention to invest in a project."""
        user = current_user()
        session = db_session()
        intention = record_intention(data, actor=user.username, session=session)
        session.commit()
        return intention
