"""The audit trail, for administrators."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView

from models.audit import AuditAction, AuditEntry
from models.user import Role

from ..common import Blueprint, PaginationQuerySchema, page_schema, paginate
from ..context import db_session
from ..dumping import FastSchema
from ..security import roles

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="审计日志（管理员）")


class AuditEntrySchema(FastSchema):
    id = ma.fields.Integer(required=True)
    at = ma.fields.AwareDateTime(required=True)
    actor = ma.fields.String(required=True)
    action = ma.fields.Enum(AuditAction, by_value=True, required=True)
    entity = ma.fields.String(required=True)
    entity_id = ma.fields.String(required=True)
    changes = ma.fields.Dict(required=True, metadata={"description": "新建：字段值；修改：字段 → [修改前, 修改后]"})


class AuditQuerySchema(PaginationQuerySchema):
    entity = ma.fields.String(validate=ma.validate.Length(max=40), metadata={"example": "projects"})
    entity_id = ma.fields.String(validate=ma.validate.Length(max=80))
    actor = ma.fields.String(validate=ma.validate.Length(max=80))
    action = ma.fields.Enum(AuditAction, by_value=True)
    since = ma.fields.AwareDateTime(format="iso", default_timezone=None)
    until = ma.fields.AwareDateTime(format="iso", default_timezone=None)


AuditPageSchema = page_schema(AuditEntrySchema, "AuditPage")


@blp.route("/audit")
class Audit(MethodView):
    @roles(Role.admin)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, args):
        """Every change made through the API or the CLI, newest first, filtered."""
        query = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
        for name in ("entity", "entity_id", "actor", "action"):
            if (value := args.pop(name, None)) is not None:
                query = query.where(getattr(AuditEntry, name) == value)
        if (since := args.pop("since", None)) is not None:
            query = query.where(AuditEntry.at >= since)
        if (until := args.pop("until", None)) is not None:
            query = query.where(AuditEntry.at <= until)
        return paginate(query, args, session=db_session())
