"""Province-scale assignment instances, and neighbours that keep the machine busy during a run.

:func:`province_instance` generates an instance like a whole province's signing season: each
project needs 200–20,000 ㎡ (lognormal, in multiples of 10 ㎡) and lists 20–50 candidate offers
of 1,000–100,000 ㎡, with demand about 1.5 times the supply, so space is scarce.
``matchmaker bench assign --generate 100000x10000 --seed 1`` writes one (:func:`write_instance`)
so that anyone can reproduce the large figures.

:class:`BusyNeighbours` starts ``N`` processes that each burn one core (a pure-Python loop)
and stops them after: ``matchmaker bench assign --busy N`` runs every instance without them and
then with them, and prints both.

Examples
--------
>>> p = province_instance(200, 40, seed=1)
>>> p.n, p.m, 20 * p.n <= p.n_pairs <= 40 * p.n  # at most m candidates each here
(200, 40, True)
>>> bool(p.area.min() >= 200 and p.area.max() <= 20_000 and p.cap.min() >= 1_000 and p.cap.max() <= 100_000)
True
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Self

import numpy as np

from matching.assignment import AssignmentProblem

__all__ = ["BusyNeighbours", "load_average", "parse_size", "province_instance", "write_instance"]

_DRAWS = 60  # candidate draws per project, enough for 50 distinct offers among thousands


def parse_size(text: str) -> tuple[int, int]:
    """``"100000x10000"`` (projects x offers) -> ``(100000, 10000)``; underscores allowed."""
    parts = text.lower().replace("_", "").split("x")
    if len(parts) != 2 or not all(part.isdigit() and int(part) > 0 for part in parts):
        raise ValueError("give the size as PROJECTSxOFFERS, e.g. 100000x10000")
    return int(parts[0]), int(parts[1])


def province_instance(n: int, m: int, seed: int = 1) -> AssignmentProblem:
    """``n`` projects and ``m`` offers, each project with 20–50 distinct candidate offers (fewer if ``m`` is small)."""
    rng = np.random.default_rng(seed)
    area = np.clip(np.round(rng.lognormal(6.8, 1.0, size=n), -1), 200, 20_000)
    # Offers: median about 7,300 ㎡; scaled towards demand / 1.5 within their range.
    cap = rng.lognormal(8.9, 0.9, size=m)
    cap *= area.sum() / 1.5 / cap.sum()
    cap = np.clip(np.round(cap, -1), 1_000, 100_000)
    wanted = np.minimum(rng.integers(20, 51, size=n), m)
    if m <= _DRAWS:  # few offers: a random order of all of them
        offers = np.argsort(rng.random((n, m)), axis=1)
    else:
        offers = rng.integers(0, m, size=(n, _DRAWS))
    # Keep each project's first ``wanted`` distinct draws, in the order drawn (no bias to low ids).
    order = np.argsort(offers, axis=1, kind="stable")
    sorted_offers = np.take_along_axis(offers, order, axis=1)
    repeat = np.zeros_like(offers, dtype=bool)
    repeat_sorted = np.zeros_like(offers, dtype=bool)
    repeat_sorted[:, 1:] = sorted_offers[:, 1:] == sorted_offers[:, :-1]
    np.put_along_axis(repeat, order, repeat_sorted, axis=1)
    fresh = ~repeat
    keep = fresh & (np.cumsum(fresh, axis=1) <= wanted[:, None])
    rows, cols = np.nonzero(keep)
    pi, pj = rows.astype(np.int64), offers[rows, cols].astype(np.int64)
    ps = np.round(rng.uniform(0.05, 1.0, size=pi.size), 4)
    return AssignmentProblem(area=area, cap=cap, pi=pi, pj=pj, ps=ps)


def write_instance(problem: AssignmentProblem, path: Path) -> Path:
    """Write ``problem`` in the benchmark's ``.npz`` format (see :func:`matching.assignment.load_instance`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, n=np.int64(problem.n), m=np.int64(problem.m), area=problem.area, cap=problem.cap,
             pi=problem.pi, pj=problem.pj, ps=problem.ps)
    return path


def load_average() -> float:
    """The one-minute load average (0 where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


class BusyNeighbours:
    """``count`` processes burning one core each, from ``__enter__`` to ``__exit__``."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Self:
        for _ in range(self.count):
            self.processes.append(subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                                   stdin=subprocess.DEVNULL))
        if self.count:
            time.sleep(0.5)  # until they run at full speed
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.wait()
        self.processes.clear()
