"""Supervision alerts (督办/预警) over the follow-up ledger."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from services.alerts import count_alerts, list_alerts

from ..common import Blueprint
from ..context import db_session
from ..security import ANY_ROLE, current_user, incubator_scope, roles
from .schemas import AlertPageSchema, AlertQuerySchema

blp = Blueprint("alerts", __name__, url_prefix="/api/v1", description="督办预警：逾期、停滞、签约未落地、外迁风险")


@blp.route("/alerts")
class Alerts(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(AlertQuerySchema, location="query")
    @blp.response(200, AlertPageSchema)
    def get(self, args):
        """Alerts due today, most severe first; an incubator operator sees those of its own projects."""
        page, per_page = args.pop("page"), args.pop("per_page")
        alerts = list_alerts(session=db_session(), days=current_app.config["ALERT_DAYS"],
                             incubator_scope=incubator_scope(current_user()), **args)
        shown = alerts[(page - 1) * per_page: page * per_page]
        return {"items": [a.as_dict() for a in shown], "total": len(alerts), "page": page, "per_page": per_page,
                "counts": count_alerts(alerts)["by_kind"]}
