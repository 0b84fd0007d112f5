"""The calibration line every benchmark prints first, and the steal line it prints last."""

from __future__ import annotations

import doctest
import re

import numpy as np
from click.testing import CliRunner

import benchmarks.calibration as calibration_module
from benchmarks.calibration import RunMeter, calibrate
from matchmaker.cli.bench import bench_group

LINE = re.compile(r"^calibration: loop [\d.]+ ms \(CPU [\d.]+ ms\), numpy [\d.]+ ms; \d+ CPUs,"
                  r" load average [\d.]+ [\d.]+ [\d.]+, CPU steal [\d.]+ %$")


def test_calibration_measures_the_loop_the_kernel_the_load_and_the_steal():
    c = calibrate(repeats=1)
    assert c.loop_ms > 0 and c.loop_cpu_ms > 0 and c.numpy_ms > 0
    assert c.cpus >= 1 and len(c.load_average) == 3
    assert 0.0 <= c.steal_pct <= 100.0
    assert LINE.match(c.line()), c.line()
    assert c.in_loops(c.loop_cpu_ms) == 1.0


def test_the_run_meter_reports_steal_and_load_since_it_started():
    meter = RunMeter()
    np.sqrt(np.arange(1e6))  # some work between the two readings
    assert 0.0 <= meter.steal_pct() <= 100.0
    assert re.match(r"^during the run \(\d+ s\): CPU steal [\d.]+ %, load average now [\d.]+ [\d.]+ [\d.]+$",
                    meter.line())


def _tiny_instance(folder):
    np.savez(folder / "tiny.npz", area=np.array([6.0, 5.0, 5.0]), cap=np.array([10.0]),
             pi=np.array([0, 1, 2]), pj=np.array([0, 0, 0]), ps=np.array([1.0, 0.55, 0.55]))


def test_a_bench_command_prints_the_calibration_first_and_the_steal_last(tmp_path):
    _tiny_instance(tmp_path)
    result = CliRunner().invoke(bench_group, ["assign", "--instances", str(tmp_path), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert LINE.match(lines[0]), lines[0]
    assert lines[-1].startswith("during the run")
    assert any(line.startswith("| tiny |") for line in lines)


def test_docstring_examples():
    result = doctest.testmod(calibration_module)
    assert result.attempted > 0 and result.failed == 0
