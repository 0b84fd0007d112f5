"""The examples in the docstrings of matching/assignment/ stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["greedy", "knapsack", "problem", "solver"]  # the modules that have examples


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"matching.assignment.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"matching.assignment.{name} has no example"
    assert result.failed == 0
