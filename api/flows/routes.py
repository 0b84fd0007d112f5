"""The project flow across carriers (分段接续) as a Sankey, and each carrier's relay rate."""

from __future__ import annotations

from flask.views import MethodView

from services.flows import flows

from ..common import Blueprint
from ..context import db_session
from ..security import STAFF, roles
from .schemas import FlowQuerySchema, FlowSchema

blp = Blueprint("flows", __name__, url_prefix="/api/v1", description="项目流动：入孵、接续、毕业、落地与流失")


@blp.route("/flows")
class Flows(MethodView):
    @roles(*STAFF)
    @blp.arguments(FlowQuerySchema, location="query")
    @blp.response(200, FlowSchema)
    def get(self, args):
        """The flow of projects between carriers and outcomes in a period, with each carrier's relay rate."""
        return flows(session=db_session(), since=args.get("since"), until=args.get("until"),
                     district=args.get("district"), level=args["level"])
