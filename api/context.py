"""What a view needs from the running app: its database session, its worker state and settings.

The pages (matchmaker.web) reach the app through these too, so both pass services the same
things.
"""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy.orm import Session

from matching.types import Weights
from models.errors import InvalidInput
from services.evaluation import INDICATORS
from services.rankings import weights_from
from services.state import RankingCache, WorkerState
from services.weights import weights_in_force

# Set by the app factory (matchmaker.database); api/ does not import the wiring itself.
DATABASE_EXTENSION = "matchmaker.db"
STATE_EXTENSION = "matchmaker.state"


def db_session() -> Session:
    """The current request's database session."""
    return current_app.extensions[DATABASE_EXTENSION].session


def init_worker_state(app: Flask) -> WorkerState:
    """Give `app` its in-memory state; bodies are encoded as `jsonify` writes them."""
    state = WorkerState(encode=lambda data: app.json.dumps(data) + "\n")
    app.extensions[STATE_EXTENSION] = state
    return state


def worker_state() -> WorkerState:
    """The current app's in-memory state."""
    return current_app.extensions[STATE_EXTENSION]


def rankings() -> RankingCache:
    """The current app's ranking index cache."""
    return worker_state().rankings


def match_weights(args: dict | None = None) -> Weights:
    """The weights in force (the newest adopted, else the configured ones), overridden by `args`' `w_*` (popped)."""
    default = weights_in_force(db_session(), default=current_app.config["MATCH_WEIGHTS"])
    return weights_from({} if args is None else args, default=default)


def evaluation_weights(args: dict | None = None) -> dict[str, float]:
    """The configured weights of the operators' evaluation, overridden by `args`' `w_<indicator>` (popped)."""
    weights = dict(current_app.config["EVALUATION_WEIGHTS"])
    for key in INDICATORS:
        value = None if args is None else args.pop(f"w_{key}", None)
        if value is not None:
            weights[key] = float(value)
    if not sum(weights.values()) > 0:
        raise InvalidInput({"query.w_landed_local": ["至少一项权重须大于 0"]})
    return weights
