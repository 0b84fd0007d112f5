"""The benchmarks build their own apps and databases: no per-test database transaction here."""

import pytest


@pytest.fixture(autouse=True)
def db() -> None:
    """Replaces the suite's per-test database transaction for this folder."""


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Replaces the suite's rate-limit reset: no app of the suite's is used here."""
