"""Algorithm tests need no app and no database."""

import pytest


@pytest.fixture(autouse=True)
def db() -> None:
    """Replaces the suite's per-test database transaction for this folder."""


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Replaces the suite's rate-limit reset: no app here, so the limiter has no storage."""
