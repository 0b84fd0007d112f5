"""首页: the figures leaders and staff look at first."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_login import current_user, login_required

from api.context import evaluation_weights
from models.base import wenzhou_today
from models.incubator import Incubator
from models.outcomes import TREND_EVENTS, monthly_trend, outcome_figures
from models.reference import PlanTarget
from services.alerts import count_alerts, list_alerts
from services.evaluation import evaluate_year
from services.flows import OUTCOME_NAMES, acyclic_links, flows

from .charts import funnel_svg
from .common import bp, session

# The plan target the registry can measure directly: newly incubated projects per year.
TARGET_METRIC = "new_incubated_projects"


@bp.route("/")
@login_required
def dashboard():
    """Projects per stage, graduates seeking a site, this year's signings and landings, district progress."""
    db = session()
    today = wenzhou_today()
    year = today.year
    figures = outcome_figures(session=db, since=date(year, 1, 1))
    if current_user.scope is not None:
        mine = next((row for row in figures["by_incubator"] if row["incubator_id"] == current_user.scope), None)
        overall = mine or figures["overall"]
        districts = []
        own_name = db.scalar(sa.select(Incubator.name).where(Incubator.id == current_user.scope))
        evaluation = None
    else:
        overall = figures["overall"]
        own_name = None
        targets = dict(db.execute(
            sa.select(PlanTarget.scope, PlanTarget.target)
            .where(PlanTarget.year == year, PlanTarget.metric == TARGET_METRIC)).all())
        districts = [{**row, "target": targets.get(row["district"])} for row in figures["by_district"]]
        evaluation = evaluate_year(year, session=db, weights=evaluation_weights())
    landed_known = overall["landed_local"] + overall["landed_elsewhere"]
    local_share = overall["landed_local"] / landed_known if landed_known else None
    alerts = list_alerts(session=db, days=current_app.config["ALERT_DAYS"], incubator_scope=current_user.scope)
    return render_template(
        "web/dashboard.html", year=year, alert_counts=count_alerts(alerts), overall=overall, districts=districts,
        local_share=local_share, own_name=own_name, today=today.isoformat(), evaluation=evaluation,
        funnel=funnel_svg(overall["by_stage"], overall["graduated_seeking"], overall["signed_pending"]),
        charts={"trend": _trend_chart(today), "districts": _district_chart(districts, year, today),
                "flow": _flow_chart() if current_user.scope is None else None},
    )


def _trend_chart(today: date) -> dict:
    """Each month's admissions, graduations, signings and landings, each bar linked to its projects."""
    trend = monthly_trend(session=session(), until=today, incubator_scope=current_user.scope)
    return {"months": trend["months"], "series": [
        {"name": name, "data": trend["counts"][event],
         "links": [url_for("web.projects", event=event, since=first.isoformat(), until=last.isoformat())
                   for first, last in trend["bounds"]]}
        for event, name in TREND_EVENTS.items()
    ]}


def _district_chart(districts: list[dict], year: int, today: date) -> dict:
    """Each district's new projects this year against the plan's target, linked to those projects."""
    rows = [d for d in districts if d["target"]]
    return {
        "names": [d["district_name"] for d in rows],
        "completion": [round(100 * d["admitted"] / d["target"], 1) for d in rows],
        "admitted": [d["admitted"] for d in rows],
        "targets": [d["target"] for d in rows],
        "links": [url_for("web.projects", district=d["district"], event="admit", since=f"{year}-01-01",
                          until=today.isoformat()) for d in rows],
    }


def _flow_chart() -> dict:
    """The flow of every project across carriers (Sankey), and the hand-overs it cannot draw."""
    flow = flows(session=session())
    names = {node["id"]: node["name"] for node in flow["nodes"]}
    kept, left = acyclic_links(flow["links"])
    relay = sorted((row for row in flow["carriers"] if row["relay_rate"] is not None),
                   key=lambda row: (-row["leavers"], row["incubator_name"]))
    return {
        "nodes": [{"name": node["name"], "category": node["category"]} for node in flow["nodes"]],
        "links": [{"source": names[k["source"]], "target": names[k["target"]], "value": k["value"]} for k in kept],
        "left_out": [f"{names[k['source']]} → {names[k['target']]}：{k['value']}" for k in left],
        "relay": relay[:10], "losses": [OUTCOME_NAMES[key] for key in ("exited", "relocated")],
    }
