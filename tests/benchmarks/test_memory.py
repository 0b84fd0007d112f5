"""The memory sampler reports the working process's own memory, not its parent's."""

from __future__ import annotations

import multiprocessing
import time

import numpy as np

from benchmarks.imports import bench_import
from benchmarks.memory import PeakRss

from .allocating_child import MIB, allocate


def test_the_sampler_reports_a_spawned_childs_own_memory_while_the_parent_holds_more():
    held = np.ones(400 * MIB // 8)  # the parent's large allocation, resident
    context = multiprocessing.get_context("spawn")
    ready, done, release = context.Queue(), context.Queue(), context.Event()
    child = context.Process(target=allocate, args=(200, ready, done, release))
    child.start()
    inherited_maxrss, start_rss = ready.get(timeout=60)
    with PeakRss(child.pid, children=False) as memory:
        assert done.get(timeout=60) == 1
        time.sleep(0.2)  # ten sampling intervals with the memory held
        release.set()
        child.join(timeout=60)
    assert child.exitcode == 0
    # The child's own 200 MiB on top of its interpreter and numpy, and none of the parent's 400 MiB.
    assert 200 <= (memory.peak - start_rss) / MIB < 215, (memory.peak_mb, start_rss / MIB)
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
    figures = bench_import(50)
    assert figures["rows"] == 50 and figures["created"] == 50
    assert 0 < figures["start_rss_mb"] <= figures["peak_rss_mb"]
