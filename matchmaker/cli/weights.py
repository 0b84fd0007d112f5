"""`matchmaker weights`: learn the ranking weights from outcomes, and adopt them (a person decides)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from matching.types import Weights
from models.errors import DomainError
from services.weights import adopt_weights, propose_weights, weights_in_force

from .common import cli_user, database, fail


@click.group("weights")
def weights_group() -> None:
    """The weights of the ranking factors (产业 / 空间 / 区位)."""


def _current() -> Weights:
    return Weights(**weights_in_force(database().session, default=current_app.config["MATCH_WEIGHTS"]))


def _fit(since: datetime | None):
    try:
        return propose_weights(database().session, current=_current(), since=since.date() if since else None)
    except DomainError as exc:
        fail(exc)


def _show(weights: Weights) -> str:
    industry, space, locality = weights.normalised()
    return f"产业 {industry:.3f} / 空间 {space:.3f} / 区位 {locality:.3f}"


@weights_group.command("fit")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="only proposals made on or after this date")
@with_appcontext
def weights_fit(since: datetime | None) -> None:
    """Fit the weights on signed/landed vs dropped proposals and compare them with the current ones (changes nothing)."""
    fit = _fit(since)
    click.echo(f"outcomes used: {fit.outcomes} ({fit.projects} projects with both a signed and a dropped proposal,"
               f" {fit.pairs} signed-vs-dropped pairs)")
    click.echo(f"current weights:  {_show(_current())}")
    click.echo(f"proposed weights: {_show(fit.weights)}")
    click.echo(f"held-out NDCG@3 ({fit.folds}-fold by project): proposed {fit.ndcg_fitted:.3f},"
               f" current {fit.ndcg_current:.3f}")
    click.echo("nothing changed; to use the proposed weights: matchmaker weights adopt --fit --by <user>")


@weights_group.command("adopt")
@click.option("--fit", "from_fit", is_flag=True, help="adopt the weights `weights fit` proposes now")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="with --fit: as for `weights fit`")
@click.option("--weights", "values", help="or adopt these: industry,space,locality (e.g. 0.5,0.3,0.2)")
@click.option("--by", "username", required=True, help="the user adopting them (recorded in the audit trail)")
@with_appcontext
def weights_adopt(from_fit: bool, since: datetime | None, values: str | None, username: str) -> None:
    """Record new weights as adopted by a person; rankings use them from then on."""
    if from_fit == bool(values):
        raise click.UsageError("give either --fit or --weights")
    fit = _fit(since) if from_fit else None
    if fit is not None:
        weights = fit.weights
    else:
        try:
            weights = Weights(*(float(v) for v in values.split(",")))
        except (TypeError, ValueError):
            raise click.BadParameter("三个非负数，用逗号分隔，且不能全为 0，如 0.5,0.3,0.2", param_hint="--weights") from None
    user = cli_user(username)
    session = database().session
    row = adopt_weights(session, weights, actor=user.username, fit=fit)
    session.commit()
    click.echo(f"adopted {_show(weights)} by {row.adopted_by} at {row.adopted_at:%Y-%m-%d %H:%M} UTC"
               f" (id {row.id}); rankings use them from now on")

