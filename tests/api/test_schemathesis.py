"""Schemathesis over every operation of the OpenAPI document: no input makes a 500.

Each operation gets examples that follow the schema and examples that break it on purpose
(negative testing); `derandomize` fixes the seed so every run sends the same requests. Besides
"no server error", every response must match its documented status, content type and schema.

Two checks are left out on purpose: `positive_data_acceptance`, because a schema-valid body can
still name an unknown district or industry code (a correct 422); and `negative_data_rejection`,
because we add a valid token to every case, which undoes the cases that drop the header.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from matchmaker import create_app

from ..factories import ProjectFactory

SPEC_URL = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = 60
STATEFUL_SCENARIOS = 40


def _operations() -> list[tuple[str, str]]:
    # The document needs no database, so the list can be built at collection time.
    spec = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}).test_client().get(SPEC_URL).json
    methods = {"get", "put", "post", "delete", "patch"}
    return [(m.upper(), path) for path, item in spec["paths"].items() for m in item if m in methods]


@pytest.mark.parametrize(("method", "path"), _operations())
def test_no_input_causes_a_server_error(app, admin_headers, db, method, path):
    ProjectFactory()  # so that small ids sometimes exist
    operation = schemathesis.openapi.from_wsgi(SPEC_URL, app)[path][method]
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(
            headers=admin_headers, excluded_checks=[positive_data_acceptance, negative_data_rejection]
        )
        if response.status_code >= 400:
            headers = {name.lower(): value for name, value in response.headers.items()}
            content_type = headers["content-type"]
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            assert content_type.startswith("application/problem+json"), response.text

    check()


def _problem_json(ctx, response, case):
    """A schemathesis check: every error is RFC 9457 problem+json."""
    if response.status_code >= 400:
        content_type = response.headers.get("content-type") or response.headers.get("Content-Type") or [""]
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), f"{response.status_code} as {content_type!r}"
    return None


def test_stateful_sequences_cause_no_server_error(app, admin_headers, db):
    """Chains of calls linked through the ids one response gives the next (create → read → change
    → delete …), from links schemathesis infers from the document; same checks as above."""
    ProjectFactory()
    # Revoking the token mid-scenario would turn the rest of it into 401s.
    schema = schemathesis.openapi.from_wsgi(SPEC_URL, app).exclude(method="DELETE", path="/api/v1/auth/token")

    class Machine(schema.as_state_machine()):
        # Each scenario starts from the same data: replayed scenarios must meet the same state.
        def setup(self):
            self.savepoint = db.connection().begin_nested()

        def teardown(self):
            self.savepoint.rollback()
            app.extensions.pop("matchmaker.ranking", None)

        def before_call(self, case):
            # The scenario's own (sometimes deliberately invalid) Authorization gives way to ours.
            case.headers = {**(case.headers or {}), **admin_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response, additional_checks=[_problem_json],
                # ignored_auth: the valid token we send undoes its invalid one (the access matrix
                # covers tokens); the other two as above.
                excluded_checks=[positive_data_acceptance, negative_data_rejection, ignored_auth],
                transport_kwargs=kwargs or None,
            )

    Machine.run(settings=settings(
        max_examples=STATEFUL_SCENARIOS, stateful_step_count=6, derandomize=True, database=None,
        deadline=None, suppress_health_check=list(HealthCheck),
    ))
