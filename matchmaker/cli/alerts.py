"""`matchmaker alerts`: the morning digest of supervision alerts, printed, written, mailed or posted (for cron)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from models.base import wenzhou_today
from models.errors import DomainError
from models.user import User
from services.alerts import ALERT_KINDS, list_alerts
from services.digest import alerts_xlsx, digest_text, post_webhook, send_digests

from .common import database, fail


@click.command("alerts")
@click.option("--owner", help="only the alerts of this owner (负责人, a username)")
@click.option("--district", help="only alerts of this district (code or name)")
@click.option("--kind", type=click.Choice(ALERT_KINDS), help="only alerts of this kind")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="write to this file (xlsx needs one)")
@click.option("--mail", is_flag=True, help="mail each owner their digest through MATCHMAKER_SMTP_URL")
@click.option("--unowned-to", help="with --mail: where the alerts without an owner go")
@click.option("--webhook", is_flag=True, help="post the digest to the robot at MATCHMAKER_ALERT_WEBHOOK")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="as of this day (default: today in Wenzhou)")
@with_appcontext
def alerts_command(owner, district, kind, fmt, out, mail, unowned_to, webhook, day) -> None:
    """Print, write, mail or post today's supervision alerts (督办预警)."""
    session = database().session
    today = day.date() if day else wenzhou_today()
    owner_id = None
    if owner:
        owner_id = session.scalar(sa.select(User.id).where(User.username == owner))
        if owner_id is None:
            raise click.ClickException(f"no user {owner}")
    try:
        alerts = list_alerts(session=session, today=today, days=current_app.config["ALERT_DAYS"], owner_id=owner_id,
                             district=district, kind=kind)
    except DomainError as exc:
        fail(exc)
    if fmt == "xlsx":
        if out is None:
            raise click.ClickException("--format xlsx needs --out FILE")
        out.write_bytes(alerts_xlsx(alerts, today=today))
        click.echo(f"wrote {out} ({len(alerts)} alerts)")
    else:
        text = digest_text(alerts, today=today, owner=owner) if fmt == "text" else json.dumps(
            [a.as_dict() for a in alerts], ensure_ascii=False, indent=2, default=str) + "\n"
        if out is not None:
            out.write_text(text, encoding="utf-8")
            click.echo(f"wrote {out} ({len(alerts)} alerts)")
        elif not (mail or webhook):
            click.echo(text, nl=False)
    if mail:
        _mail(alerts, today=today, unowned_to=unowned_to)
    if webhook:
        url = current_app.config["ALERT_WEBHOOK"]
        if not url:
            raise click.ClickException("set MATCHMAKER_ALERT_WEBHOOK to the robot's URL")
        try:
            post_webhook(alerts, url=url, today=today, secret=current_app.config["ALERT_WEBHOOK_SECRET"])
        except (OSError, RuntimeError, ValueError) as exc:
            raise click.ClickException(f"webhook: {exc}") from exc
        click.echo(f"posted {len(alerts)} alerts to the webhook")


def _mail(alerts, *, today, unowned_to) -> None:
    url = current_app.config["SMTP_URL"]
    if not url:
        raise click.ClickException("set MATCHMAKER_SMTP_URL, e.g. smtp://user:password@mail.example.com:587")
    try:
        sent, skipped = send_digests(alerts, smtp_url=url, sender=current_app.config["MAIL_FROM"], today=today,
                                     unowned_to=unowned_to)
    except (OSError, ValueError) as exc:  # smtplib's errors are OSErrors
        raise click.ClickException(f"mail: {exc}") from exc
    for address, n in sent:
        click.echo(f"mailed {n} alerts to {address}")
    for name in skipped:
        click.echo(f"not mailed (no address): {name}", err=True)
