"""How long the `matchmaker` command takes to start: `--help`, against a bare interpreter."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

# What the console script runs (pip's wrapper adds nothing measurable).
ENTRY = "from matchmaker.cli import main; main()"
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "matchmaker --help": [sys.executable, "-c", ENTRY, "--help"],
    "matchmaker db --help": [sys.executable, "-c", ENTRY, "db", "--help"],
}


def _wall_s(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure_start(repeats: int = 10) -> dict[str, dict[str, float]]:
    """Wall seconds (min, median, max over `repeats` warm runs) of each command in COMMANDS."""
    figures = {}
    for label, argv in COMMANDS.items():
        _wall_s(argv)  # warm the page cache
        runs = [_wall_s(argv) for _ in range(repeats)]
        figures[label] = {"min": min(runs), "median": statistics.median(runs), "max": max(runs)}
    return figures
