"""Fund investment intentions (基金拟投动态报告)."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView

from models.fund import FundIntention, record_intention
from models.project import Project

from ..common import BaseSchema, Blueprint, PaginationQuerySchema, page_schema, paginate
from ..context import db_session
from ..security import ANY_ROLE, STAFF, incubator_scope, require_role, roles

blp = Blueprint("funds", __name__, url_prefix="/api/v1", description="基金拟投")
_ID = ma.validate.Range(min=1, max=2**31 - 1)


class FundIntentionCreateSchema(BaseSchema):
    project_id = ma.fields.Integer(required=True, validate=_ID)
    fund_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    amount = ma.fields.Float(allow_none=True, validate=ma.validate.Range(min=0, max=1e9, error="不能为负数"),
                             metadata={"description": "万元"})
    expected_date = ma.fields.Date(allow_none=True)
    relocate_out = ma.fields.Boolean(load_default=False, metadata={"description": "基金是否要求项目迁出温州"})
    destination = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class FundIntentionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    project_id = ma.fields.Integer(required=True)
    fund_name = ma.fields.String(required=True)
    amount = ma.fields.Float(allow_none=True, required=True)
    expected_date = ma.fields.Date(allow_none=True, required=True)
    relocate_out = ma.fields.Boolean(required=True)
    destination = ma.fields.String(required=True)
    note = ma.fields.String(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class FundIntentionQuerySchema(PaginationQuerySchema):
    project_id = ma.fields.Integer(validate=_ID)
    relocate_out = ma.fields.Boolean()


FundIntentionPageSchema = page_schema(FundIntentionSchema, "FundIntentionPage")


@blp.route("/fund-intentions")
class FundIntentions(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(FundIntentionQuerySchema, location="query")
    @blp.response(200, FundIntentionPageSchema)
    def get(self, args):
        """Intentions, newest first; `relocate_out=true` lists the projects the city may lose."""
        user = require_role(*ANY_ROLE)
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
        user = require_role(*STAFF)
        session = db_session()
        intention = record_intention(data, actor=user.username, session=session)
        session.commit()
        return intention
