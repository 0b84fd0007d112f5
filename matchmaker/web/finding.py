"""寻找落地空间: ranked offers for a project (and projects for a site), proposing and following matches."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from api.context import match_weights, rankings
from models.errors import Conflict, InvalidInput
from models.match import OPEN, Match
from models.match_service import default_area
from models.project import Project
from models.project_service import get_project_or_raise
from models.reference import District
from models.site import Offer, SiteKind
from models.site_service import get_site_or_raise
from services.matches import propose_scored_match
from services.rankings import rank_projects_for_site, rank_sites_for_project

from .common import STAFF, bp, form_text, roles_required, session
from .ledger import ledger_context

LIMIT = 20


def _open_offers(project_id: int) -> dict[int, Match]:
    rows = session().scalars(sa.select(Match).where(Match.project_id == project_id, Match.status.in_(OPEN)))
    return {m.offer_id: m for m in rows}


@bp.route("/projects/<int:project_id>/sites")
@login_required
def project_sites(project_id: int):
    """The best offers for a project, with the factors, reasons and (on request) near-misses."""
    db = session()
    project = get_project_or_raise(project_id, session=db, incubator_scope=current_user.scope)
    kind = request.args.get("kind") or None
    kind = kind if kind in SiteKind.__members__ else None
    district = request.args.get("district") or None
    include_infeasible = request.args.get("include_infeasible") == "1"
    error = None
    items: list[dict] = []
    try:
        items = rank_sites_for_project(project, session=db, rankings=rankings(), weights=match_weights(), limit=LIMIT,
                                       kind=kind, district=district, include_infeasible=include_infeasible)
    except Conflict as exc:
        error = exc.detail
    districts = db.execute(sa.select(District.code, District.name).order_by(District.position, District.code)).all()
    matches = db.scalars(sa.select(Match).where(Match.project_id == project.id).order_by(Match.id.desc())).all()
    default_areas = {}
    for item in items:
        if (offer := db.get(Offer, item["offer_id"])) is not None:
            default_areas[offer.id] = default_area(project, offer)
    return render_template(
        "web/project_sites.html", default_areas=default_areas, p=project, items=items, error=error, districts=districts, matches=matches,
        open_offers=_open_offers(project.id), shown={"kind": kind or "", "district": district or "",
                                                      "include_infeasible": include_infeasible},
        can_propose=current_user.is_staff, limit=LIMIT, **ledger_context())


@bp.route("/sites/<int:site_id>/projects")
@roles_required(*STAFF)
def site_projects(site_id: int):
    """The reverse search: graduated projects best suited to a site's offers."""
    db = session()
    site = get_site_or_raise(site_id, session=db)
    include_infeasible = request.args.get("include_infeasible") == "1"
    items = rank_projects_for_site(site, session=db, weights=match_weights(), limit=LIMIT,
                                   include_infeasible=include_infeasible)
    projects = {p.id: p for p in db.scalars(sa.select(Project).where(
        Project.id.in_([i["project"]["id"] for i in items])))}
    taken = {(m.project_id, m.offer_id) for m in db.scalars(sa.select(Match).where(
        Match.offer_id.in_([o.id for o in site.offers]), Match.status.in_(OPEN)))}
    return render_template("web/site_projects.html", site=site, items=items, projects=projects, taken=taken,
                           include_infeasible=include_infeasible)


@bp.route("/matches", methods=["POST"])
@roles_required(*STAFF)
def match_propose():
    """Propose an offer to a graduated project; the score of the moment is kept on the match."""
    db = session()
    project_id, offer_id = form_text("project_id"), form_text("offer_id")
    if not project_id.isdigit() or not offer_id.isdigit():
        abort(400)
    project = get_project_or_raise(int(project_id), session=db)
    data = {"project_id": project.id, "offer_id": int(offer_id), "note": form_text("note")[:1000]}
    if form_text("area"):
        try:
            data["area"] = float(form_text("area"))
        except ValueError:
            raise InvalidInput({"area": ["面积应为数字"]}) from None
    match = propose_scored_match(data, actor=current_user.username, session=db, rankings=rankings(),
                                 weights=match_weights())
    db.commit()
    offer = db.get(Offer, match.offer_id)
    flash(f"已推荐：{project.name} → {offer.site.name}（匹配编号 {match.id}）", "success")
    back = form_text("back")
    if back == "site":
        return redirect(url_for("web.site_projects", site_id=offer.site_id))
    return redirect(url_for("web.project_sites", project_id=project.id) + f"#match-{match.id}")
