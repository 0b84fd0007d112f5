"""The memory sampler reports the working process's own memory, not its parent's."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil

from benchmarks.imports import bench_import
from benchmarks.memory import PeakRss

from .allocating_child import MIB

ROOT = Path(__file__).resolve().parents[2]


def test_the_sampler_reports_a_childs_own_memory_while_the_parent_holds_more():
    held = np.ones(400 * MIB // 8)  # the parent's large allocation, resident
    child = subprocess.Popen([sys.executable, "-m", "tests.benchmarks.allocating_child", "200"], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        inherited_maxrss, start_rss = map(int, child.stdout.readline().split())
        with PeakRss(child.pid, children=False) as memory:
            assert child.stdout.readline().split() == ["done", "1"]
            time.sleep(0.2)  # ten sampling intervals with the memory held
            child.stdin.write("\n")
            child.stdin.flush()
            assert child.wait(timeout=60) == 0
    finally:
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()
    # The child's own 200 MiB on top of its interpreter and numpy, and none of the parent's 400 MiB.
    assert 195 <= (memory.peak - start_rss) / MIB < 215, (memory.peak_mb, start_rss / MIB)
    assert memory.peak_mb < 400
    # Why: the kernel's high-water mark of the child started from the parent's (ru_maxrss).
    assert inherited_maxrss >= held.nbytes
    del held


def test_the_sampler_of_this_process_sees_an_allocation_made_while_it_runs():
    with PeakRss(children=False) as memory:
        before = memory.peak
        block = np.ones(100 * MIB // 8)
        block[::512] = 2.0
        for _ in range(10):  # give the sampler a few intervals
            np.sum(block)
    assert memory.peak - before >= 90 * MIB


def test_bench_import_reports_the_importers_memory_before_and_at_its_peak():
    already = {p.pid for p in psutil.Process().children()}  # e.g. multiprocessing's resource tracker
    figures = bench_import(50)
    assert figures["rows"] == 50 and figures["created"] == 50
    assert 0 < figures["start_rss_mb"] <= figures["peak_rss_mb"]
    left = [p for p in psutil.Process().children() if p.pid not in already]
    assert left == []  # the importer was waited for, nothing left behind
