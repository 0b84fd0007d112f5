"""`matchmaker bench profile`: per kind of request, the CPU and its split by layer add up."""

from __future__ import annotations

import doctest

import pytest

import benchmarks.profiling as profiling_module
from benchmarks.profiling import LAYERS, OTHER, profile_request_mix


def test_each_kind_of_the_mix_is_profiled_and_its_layers_add_up_to_its_cpu():
    profiles = {p.kind: p for p in profile_request_mix(10)}
    assert {"projects.list", "projects.get", "sites.list", "site-matches", "projects.patch", "projects.transition",
            "matches.propose", "matches.contact"} <= set(profiles)
    known = {name for name, _ in LAYERS} | {OTHER}
    for p in profiles.values():
        assert p.cpu_ms > 0 and p.statements >= 1, p
        assert set(p.layers) <= known
        assert sum(p.layers.values()) == pytest.approx(p.cpu_ms, rel=1e-6)
    # A read goes through SQLAlchemy and Flask; a ranking also through numpy.
    assert profiles["projects.get"].layers["SQLAlchemy"] > 0 and profiles["projects.get"].layers["Flask"] > 0
    assert profiles["site-matches"].layers["numpy/scipy"] > 0


def test_docstring_examples():
    result = doctest.testmod(profiling_module)
    assert result.attempted > 0 and result.failed == 0
