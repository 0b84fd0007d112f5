"""Benchmark of :mod:`matching.assignment` on a folder of ``.npz`` instances: greedy vs assign.

For each instance the benchmark runs :func:`~matching.assignment.greedy` and
:func:`~matching.assignment.assign`, checks both answers with
:func:`~matching.assignment.check_feasible`, and reports wall seconds and peak memory. Memory is
the resident set size (RSS) of this process plus its children (the MILP runs in a child),
sampled with psutil every 20 ms while the instance runs: it counts native memory (OR-Tools,
HiGHS) that tracemalloc would not see, but a spike shorter than the sampling interval can be
missed.

The instances of the shared benchmark folder (see its README) have best-known objectives and
time targets, hard-coded below; the folder itself is optional and only read when asked.

Examples
--------
>>> rows = [dict(instance="tiny", n=3, m=1, pairs=3, greedy=1.0, greedy_pct=None, objective=1.1,
...              pct_best_known=None, bound=1.44, gap=0.236, optimal=False, method="milp",
...              objective_name="equal", seconds=0.5, time_limit_s=10.0, peak_rss_mb=150.0)]
>>> print(format_table(rows))  # doctest: +NORMALIZE_WHITESPACE
| instance | n | m | pairs | greedy | objective | % best known | bound | gap | optimal | method | seconds | limit s | peak MB |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| tiny | 3 | 1 | 3 | 1.00 | 1.10 | – | 1.44 | 23.60% | no | milp | 0.50 | 10 | 150 |
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from matching.assignment import assign, check_feasible, greedy, load_instance

from .assignment_load import load_average
from .memory import PeakRss

__all__ = ["BEST_KNOWN", "PROOF_TARGET_S", "TIME_TARGETS", "format_distribution", "format_side_by_side", "format_table",
           "ranges_instance",
           "run_benchmark", "run_ranges_benchmark", "summarise_runs"]

#: Best objective any method reached on the shared instances (README of the benchmark folder).
BEST_KNOWN: dict[str, float] = {
    "S200x50": 74.43,
    "S1kx200": 465.86,
    "S3kx1k": 1574.75,
    "S10kx2k": 5859.18,
}

#: Seconds the targets allow on the shared instances: S200x50 proven optimal in 3 s, S1kx200
#: within 99.5 % of the best known in 10 s, the two large ones at the best known in 5 s.
TIME_TARGETS: dict[str, float] = {
    "S200x50": 3.0,
    "S1kx200": 10.0,
    "S3kx1k": 5.0,
    "S10kx2k": 5.0,
}

#: S200x50's target: proven optimal within this many seconds.
PROOF_TARGET_S = 3.0

_DEFAULT_LIMIT_S = 10.0  # assign()'s own defaults
_EXACT_MAX_PAIRS = 20_000


def run_benchmark(folder: Path, *, time_limit_s: float | None = None, seed: int = 0,
                  only: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Run greedy and assign on every ``*.npz`` in ``folder``; return one row per instance.

    Parameters
    ----------
    folder : Path
        Folder of instances in the format of :func:`~matching.assignment.load_instance`.
    time_limit_s : float, optional
        Budget of each :func:`~matching.assignment.assign` call. ``None`` gives assign's default
        of 10 s, except to instances whose search would use all of it while it keeps finding
        small gains (more than ``exact_max_pairs`` pairs) and that have a shorter target in
        :data:`TIME_TARGETS`: those get their target's time. (On S200x50 the MILP stops as
        soon as it proves optimality, so its seconds show when that happened.)
    seed : int
        Passed to :func:`~matching.assignment.assign`.
    only : frozenset of str, optional
        Names (file stems) of the instances to run; all of them by default.

    Returns
    -------
    list of dict
        Keys: ``instance``, ``n``, ``m``, ``pairs``, ``greedy`` (objective), ``greedy_pct``,
        ``greedy_seconds``, ``objective``, ``pct_best_known`` (None for unknown instances),
        ``bound``, ``gap``, ``optimal``, ``method``, ``objective_name``, ``seconds`` (wall time
        of assign), ``time_limit_s`` and ``peak_rss_mb`` (peak RSS while the instance ran,
        process plus children, sampled).
    """
    rows = []
    for path in sorted(Path(folder).glob("*.npz")):
        name = path.stem
        if only is not None and name not in only:
            continue
        with PeakRss() as memory:
            problem = load_instance(path)
            limit = time_limit_s
            if limit is None:
                limit = _DEFAULT_LIMIT_S
                if problem.n_pairs > _EXACT_MAX_PAIRS:
                    limit = min(limit, TIME_TARGETS.get(name, limit))
            load = load_average()
            tic = time.perf_counter()
            base = greedy(problem)
            greedy_seconds = time.perf_counter() - tic
            tic = time.perf_counter()
            result = assign(problem, time_limit_s=limit, seed=seed)
            seconds = time.perf_counter() - tic
        check_feasible(problem, base.offer_of)
        check_feasible(problem, result.offer_of)
        best = BEST_KNOWN.get(name)
        rows.append(
            {
                "instance": name,
                "n": problem.n,
                "m": problem.m,
                "pairs": problem.n_pairs,
                "greedy": base.objective,
                "greedy_pct": None if best is None else 100.0 * base.objective / best,
                "greedy_seconds": greedy_seconds,
                "objective": result.objective,
                "pct_best_known": None if best is None else 100.0 * result.objective / best,
                "bound": result.bound,
                "gap": result.gap,
                "optimal": result.optimal,
                "method": result.method,
                "objective_name": result.objective_name,
                "seconds": seconds,
                "time_limit_s": limit,
                "peak_rss_mb": memory.peak / 2**20,
                "load_average": load,
            }
        )
    return rows


def format_side_by_side(idle: list[dict[str, Any]], busy: list[dict[str, Any]], neighbours: int) -> str:
    """Idle and busy rows of the same instances next to each other (``--busy``), as a Markdown table.

    Quality is the % of the best known where there is one, else the % of the bound (1 - gap);
    ``load`` is the one-minute load average when the instance started.
    """
    busy_by_name = {row["instance"]: row for row in busy}

    def cells(row: dict[str, Any] | None) -> list[str]:
        if row is None:
            return ["–"] * 5
        quality = (f"{row['pct_best_known']:.2f}%" if row["pct_best_known"] is not None
                   else f"{100 * (1 - row['gap']):.2f}% of bound")
        return [quality, f"{100 * row['gap']:.2f}%", "yes" if row["optimal"] else "no", f"{row['seconds']:.2f}",
                f"{row['load_average']:.1f}"]

    header = ["instance", "limit s"] + [f"{label} {name}" for label in ("idle", f"busy {neighbours}")
                                        for name in ("quality", "gap", "optimal", "seconds", "load")]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in idle:
        other = busy_by_name.get(row["instance"])
        lines.append("| " + " | ".join([row["instance"], f"{row['time_limit_s']:g}"] + cells(row) + cells(other)) + " |")
    return "\n".join(lines)


def format_table(rows: list[dict[str, Any]]) -> str:
    """Render benchmark rows as a Markdown table (the README's layout)."""

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}%"

    header = [
        "instance", "n", "m", "pairs", "greedy", "objective", "% best known", "bound", "gap", "optimal",
        "method", "seconds", "limit s", "peak MB",
    ]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        greedy_text = f"{row['greedy']:.2f}"
        if row.get("greedy_pct") is not None:
            greedy_text += f" ({row['greedy_pct']:.1f}%)"
        cells = [
            row["instance"],
            f"{row['n']:,}",
            f"{row['m']:,}",
            f"{row['pairs']:,}",
            greedy_text,
            f"{row['objective']:.2f}",
            pct(row["pct_best_known"]),
            f"{row['bound']:.2f}",
            f"{100 * row['gap']:.2f}%",
            "yes" if row["optimal"] else "no",
            row["method"],
            f"{row['seconds']:.2f}",
            f"{row['time_limit_s']:g}",
            f"{row['peak_rss_mb']:.0f}",
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)


def ranges_instance(seed: int = 21, n: int = 500, m: int = 120, per_project: int = 8):
    """A generated instance with need ranges: ``(problem, ranges)``, repeatable by ``seed``.

    Minimum areas lognormal as in the shared instances; 60 % of the projects give a range
    (maximum 1.1–2 times the minimum), the rest one figure; one offer in five is a custom
    plant that builds at most 1.5–3 times the median need for one project. Supply is the total
    minimum demand divided by 1.2: scarce, but with room left on some offers to enlarge.
    """
    import numpy as np

    from matching.assignment import AreaRanges, AssignmentProblem

    rng = np.random.default_rng(seed)
    area = np.clip(np.round(rng.lognormal(6.8, 1.0, size=n), -1), 200, 20_000)
    ranged = rng.random(n) < 0.6
    area_max = np.where(ranged, np.round(area * rng.uniform(1.1, 2.0, size=n), -1), area)
    cap = np.round(rng.dirichlet(np.ones(m)) * area.sum() / 1.2, -1)
    custom = rng.random(m) < 0.2
    offer_max = np.where(custom, np.round(np.median(area) * rng.uniform(1.5, 3.0, size=m), -1), cap)
    pi = np.repeat(np.arange(n), per_project)
    pj = np.concatenate([rng.choice(m, size=per_project, replace=False) for _ in range(n)])
    ps = rng.uniform(0.05, 1.0, size=pi.size)
    problem = AssignmentProblem(area=area, cap=cap, pi=pi, pj=pj, ps=ps)
    return problem, AreaRanges(area_max=area_max, offer_max=offer_max)


def run_ranges_benchmark(*, time_limit_s: float = 10.0, seed: int = 0) -> tuple[dict[str, Any], dict[str, float]]:
    """:func:`~matching.assignment.assign_with_ranges` on :func:`ranges_instance`: a table row and the areas' figures.

    The figures: projects placed, how many of those with a range got more than their minimum,
    and the assigned area as a share of the most the placed projects asked for.
    """
    import numpy as np

    from matching.assignment import assign_with_ranges, check_areas, range_value
    from matching.assignment.ranges import widen

    with PeakRss() as memory:
        problem, ranges = ranges_instance()
        tic = time.perf_counter()
        base = greedy(problem)  # valued like the answer: its areas widened within the ranges
        base_value = range_value(problem, ranges, base.offer_of, widen(problem, ranges, base.offer_of))
        greedy_seconds = time.perf_counter() - tic
        tic = time.perf_counter()
        result = assign_with_ranges(problem, ranges, time_limit_s=time_limit_s, seed=seed)
        seconds = time.perf_counter() - tic
    areas = np.asarray(result.areas)
    check_areas(problem, ranges, result.offer_of, areas)
    placed = result.offer_of >= 0
    ranged = placed & (ranges.area_max > problem.area)
    row = {
        "instance": "R500x120 (ranges)", "n": problem.n, "m": problem.m, "pairs": problem.n_pairs,
        "greedy": base_value, "greedy_pct": None, "greedy_seconds": greedy_seconds,
        "objective": result.objective, "pct_best_known": None, "bound": result.bound, "gap": result.gap,
        "optimal": result.optimal, "method": result.method, "objective_name": result.objective_name,
        "seconds": seconds, "time_limit_s": time_limit_s, "peak_rss_mb": memory.peak / 2**20,
    }
    figures = {
        "placed": int(placed.sum()),
        "ranged_placed": int(ranged.sum()),
        "enlarged": int((areas[ranged] > problem.area[ranged] + 1e-9).sum()),
        "area_share_of_wanted": float(areas[placed].sum() / ranges.area_max[placed].sum()) if placed.any() else 0.0,
        "area_share_of_minimum": float(areas[placed].sum() / problem.area[placed].sum()) if placed.any() else 0.0,
    }
    return row, figures


def summarise_runs(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per instance, the distribution over repeated :func:`run_benchmark` calls.

    Keys: ``instance``, ``runs``, ``seconds`` and ``pct_best_known`` and ``objective`` and
    ``peak_rss_mb`` (each a ``(best, median, worst)`` triple: for time and memory the
    smallest, median and largest, for the objective the largest, median and smallest), ``proven`` (runs proven optimal) and ``proven_in_target``
    (runs proven optimal within :data:`PROOF_TARGET_S`).

    >>> runs = [[dict(instance="S200x50", seconds=s, objective=74.43, pct_best_known=100.0, optimal=True,
    ...               peak_rss_mb=200.0)] for s in (2.5, 9.1, 2.9)]
    >>> summary = summarise_runs(runs)[0]
    >>> summary["seconds"], summary["proven_in_target"]
    ((2.5, 2.9, 9.1), 2)
    """
    by_instance: dict[str, list[dict[str, Any]]] = {}
    for rows in runs:
        for row in rows:
            by_instance.setdefault(row["instance"], []).append(row)

    def spread(values: list[float], worst_is_low: bool = False) -> tuple[float, float, float]:
        best, worst = (max(values), min(values)) if worst_is_low else (min(values), max(values))
        return best, statistics.median(values), worst

    summary = []
    for name, rows in by_instance.items():
        pct = [row["pct_best_known"] for row in rows if row["pct_best_known"] is not None]
        summary.append({
            "instance": name,
            "runs": len(rows),
            "seconds": spread([row["seconds"] for row in rows]),
            "objective": spread([row["objective"] for row in rows], worst_is_low=True),
            "pct_best_known": spread(pct, worst_is_low=True) if pct else None,
            "peak_rss_mb": spread([row["peak_rss_mb"] for row in rows]),
            "proven": sum(bool(row["optimal"]) for row in rows),
            "proven_in_target": sum(bool(row["optimal"]) and row["seconds"] <= PROOF_TARGET_S for row in rows),
        })
    return summary


def format_distribution(summary: list[dict[str, Any]]) -> str:
    """Render :func:`summarise_runs` as a Markdown table: best / median / worst of each figure."""
    lines = ["| instance | runs | seconds min / median / worst | % best known best / median / worst"
             f" | peak MB min / median / worst | proven optimal | proven within {PROOF_TARGET_S:g} s |",
             "|---|---|---|---|---|---|---|"]
    for row in summary:
        seconds = " / ".join(f"{x:.2f}" for x in row["seconds"])
        pct = row["pct_best_known"]
        quality = (" / ".join(f"{x:.2f}" for x in row["objective"]) + " (objective)" if pct is None
                   else " / ".join(f"{x:.2f}" for x in pct))
        memory = " / ".join(f"{x:.0f}" for x in row["peak_rss_mb"])
        lines.append(f"| {row['instance']} | {row['runs']} | {seconds} | {quality} | {memory} |"
                     f" {row['proven']} | {row['proven_in_target']} |")
    return "\n".join(lines)
