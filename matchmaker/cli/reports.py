"""`matchmaker report`: assignment reports written to files, without a server (for cron)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from api.context import match_weights, rankings
from models.base import wenzhou_today
from models.errors import DomainError
from models.event_service import get_event_or_raise
from models.reference_service import lookups
from services.assignment import run_assignment
from services.events import compute_report
from services.inventory import select_projects
from services.reports.render import FORMATS, render

from .common import cli_user, database, fail


@click.command("report")
@click.option("--event", "event_id", type=int, help="compute and write this event's report")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="or: projects graduated since this date")
@click.option("--district", help="with --since: projects of this district (code or name)")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
@click.option("--format", "formats", default="xlsx,pdf", show_default=True, help="any of json,csv,xlsx,html,pdf")
@click.option("--time-limit", type=float, default=10.0, show_default=True)
@with_appcontext
def report_command(event_id, since, district, out_dir: Path, formats: str, time_limit: float) -> None:
    """Write assignment reports without a server (for cron): for an event, or a period."""
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    if bad := [f for f in wanted if f not in FORMATS]:
        raise click.ClickException(f"unknown format {', '.join(bad)}; choose from {', '.join(FORMATS)}")
    if (event_id is None) == (since is None):
        raise click.ClickException("give either --event ID or --since DATE")
    session = database().session
    options = {"time_limit_s": time_limit, "objective": "equal", "priorities": {}}
    try:
        if event_id is not None:
            event = get_event_or_raise(event_id, session=session)
            snapshot = compute_report(event, options, session=session, rankings=rankings(), weights=match_weights(),
                                      user=cli_user(None)).snapshot
            session.commit()
            stem = f"event-{event.id}-{wenzhou_today().isoformat()}"
        else:
            code = lookups(session).district_code(district) if district else None
            projects = select_projects(session=session, district=code, graduated_since=since.date())
            name = f"{lookups(session).district_names.get(code, '全市') if code else '全市'}毕业项目落地匹配（{since.date():%Y-%m-%d} 起）"
            period = {"id": None, "name": name, "date": wenzhou_today().isoformat(), "kind": None, "kind_name": "定期报告",
                      "district": code, "district_name": None,
                      "project_filter": {"graduated_since": since.date().isoformat()}}
            snapshot = run_assignment(session=session, rankings=rankings(), weights=match_weights(), projects=projects,
                                      offer_ids=None, options=options, event=period)
            stem = f"report-{code or 'all'}-{wenzhou_today().isoformat()}"
    except DomainError as exc:
        fail(exc)
    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in wanted:
        path = out_dir / f"{stem}.{fmt}"
        path.write_bytes(render(snapshot, fmt))
        click.echo(f"wrote {path}")
