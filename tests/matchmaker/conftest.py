"""Fixtures of the server-process tests."""

from .servers import server_database  # noqa: F401  (a fixture)
