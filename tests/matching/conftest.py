"""Algorithm tests need no app and no database."""

import pytest


@pytest.fixture(autouse=True)
def db() -> None:
    """Replaces the suite's per-test database transaction for this folder."""
