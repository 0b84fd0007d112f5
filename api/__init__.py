"""The HTTP API under /api/v1: blueprints, schemas, auth, and errors as problem+json."""

from __future__ import annotations

import http

import marshmallow as ma
from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from flask_swagger_ui import get_swaggerui_blueprint

from .alerts.routes import blp as alerts_blp
from .audit.routes import blp as audit_blp
from .auth.routes import blp as auth_blp
from .carrier_matches.routes import blp as carrier_matches_blp
from .context import init_worker_state
from .dumping import FastSchema
from .errors import PROBLEM_MIMETYPE, register_error_handlers
from .evaluations.routes import blp as evaluations_blp
from .events.routes import blp as events_blp
from .flows.routes import blp as flows_blp
from .funds.routes import blp as funds_blp
from .headers import exclusive_bounds, register_api_headers
from .health.routes import blp as health_blp
from .imports.routes import blp as imports_blp
from .incubators.routes import blp as incubators_blp
from .matches.routes import blp as matches_blp
from .outcomes.routes import blp as outcomes_blp
from .performance.routes import blp as performance_blp
from .projects.routes import blp as projects_blp
from .rankings.routes import blp as rankings_blp
from .reference.routes import blp as reference_blp
from .sites.routes import blp as sites_blp
from .transfers.routes import blp as transfers_blp
from .users.routes import blp as users_blp

BLUEPRINTS = (health_blp, auth_blp, reference_blp, incubators_blp, projects_blp, sites_blp, rankings_blp, carrier_matches_blp, matches_blp, events_blp, funds_blp, imports_blp, users_blp, audit_blp, outcomes_blp, flows_blp, alerts_blp,
              performance_blp, evaluations_blp, transfers_blp)
DOCS_URL = "/api/v1/docs"
SPEC_URL = "/api/v1/openapi.json"


class ProblemSchema(FastSchema):
    """RFC 9457 problem details, as every error is answered."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "invalid input: messages keyed by field path, e.g. space_need.area_min"},
    )


class MatchmakerApi(Api):
    """flask-smorest's Api, with errors handled and documented as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        register_error_handlers(self._app)

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (problem+json)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def init_api(app: Flask) -> Api:
    """Register the API, its OpenAPI document and the Swagger UI the service ships."""
    app.config.setdefault("API_TITLE", "Matchmaker")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {"description": "孵化项目毕业落地匹配服务 — 温州大孵化器集群"},
            "security": [{"bearerAuth": []}],
            "components": {
                "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}
            },
        },
    )
    init_worker_state(app)
    api = MatchmakerApi(app)
    api.ma_plugin.converter.add_attribute_function(exclusive_bounds)
    register_api_headers(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    docs = get_swaggerui_blueprint(
        DOCS_URL,
        SPEC_URL,
        # validatorUrl None: Swagger UI would otherwise send the spec to an outside validator.
        config={"app_name": "Matchmaker API", "validatorUrl": None},
        blueprint_name="api_docs",
    )
    app.register_blueprint(docs)
    return api
