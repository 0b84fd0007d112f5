"""首页: the figures leaders and staff look at first."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import current_app, render_template
from flask_login import current_user, login_required

from models.base import wenzhou_today
from models.outcomes import outcome_figures
from models.reference import PlanTarget
from services.alerts import count_alerts, list_alerts

from .charts import funnel_svg
from .common import bp, session

# The plan target the registry can measure directly: newly incubated projects per year.
TARGET_METRIC = "new_incubated_projects"


@bp.route("/")
@login_required
def dashboard():
    """Projects per stage, graduates seeking a site, this year's signings and landings, district progress."""
    db = session()
    year = wenzhou_today().year
    figures = outcome_figures(session=db, since=date(year, 1, 1))
    if current_user.scope is not None:
        mine = next((row for row in figures["by_incubator"] if row["incubator_id"] == current_user.scope), None)
        overall = mine or figures["overall"]
        districts = []
    else:
        overall = figures["overall"]
        targets = dict(db.execute(
            sa.select(PlanTarget.scope, PlanTarget.target)
            .where(PlanTarget.year == year, PlanTarget.metric == TARGET_METRIC)).all())
        districts = [{**row, "target": targets.get(row["district"])} for row in figures["by_district"]]
    landed_known = overall["landed_local"] + overall["landed_elsewhere"]
    local_share = overall["landed_local"] / landed_known if landed_known else None
    alerts = list_alerts(session=db, days=current_app.config["ALERT_DAYS"], incubator_scope=current_user.scope)
    return render_template(
        "web/dashboard.html", year=year, alert_counts=count_alerts(alerts), overall=overall, districts=districts, local_share=local_share,
        funnel=funnel_svg(overall["by_stage"], overall["graduated_seeking"], overall["signed_pending"]),
    )
