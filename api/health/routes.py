"""Liveness and database reachability, for load balancers and the quick start."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from sqlalchemy.exc import SQLAlchemyError

from ..common import Blueprint
from ..context import db_session
from ..dumping import FastSchema

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="服务状态")


class HealthSchema(FastSchema):
    status = ma.fields.String(required=True, metadata={"example": "ok"})
    database = ma.fields.String(required=True, metadata={"example": "ok"})


@blp.route("/health")
class Health(MethodView):
    @blp.doc(security=[])
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="The database does not answer")
    def get(self):
        """Whether the service and its database answer."""
        try:
            db_session().execute(sa.text("SELECT 1"))
        except SQLAlchemyError:
            return {"status": "error", "database": "error"}, 503
        return {"status": "ok", "database": "ok"}
