"""The examples in the docstrings of matching/ stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

# The modules that have examples.
MODULES = [
    "columns", "constraints", "geography", "industry", "ranking", "reasons", "scoring", "taxonomy", "text", "types", "wording",
    "assignment.greedy", "assignment.knapsack", "assignment.problem", "assignment.solver",
    "carriers.index", "carriers.need", "carriers.reasons", "carriers.types",
]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"matching.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"matching.{name} has no example"
    assert result.failed == 0
