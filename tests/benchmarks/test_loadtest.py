"""`matchmaker loadtest` runs end to end: a short run with few clients completes without errors.

Timing is not asserted here; the figures come from the command itself (see the README).
"""

import re

from benchmarks.loadtest import MIX, run_loadtest


def test_a_short_loadtest_completes_without_errors():
    lines: list[str] = []
    report = run_loadtest(database_url=None, clients=4, duration=3, warmup=0.5, workers=1, threads=2,
                          echo=lines.append)
    text = "\n".join(lines)
    assert report.errors == 0, text
    assert report.requests > 20, text
    assert all(report.by_category.get(category) for category, _ in MIX), report.by_category
    assert "requests/s" in text and "p99" in text and "CPU of the whole machine" in text
    assert lines[0].startswith("calibration: loop") and lines[-1].startswith("during the run")
    assert re.search(r"ms per request = [\d.]+ loop", text), text


def test_a_loadtest_with_a_concurrent_assignment_reports_its_solves():
    lines: list[str] = []
    report = run_loadtest(database_url=None, clients=2, duration=4, warmup=0.5, workers=1, threads=2,
                          echo=lines.append, assignment_s=0.5)
    text = "\n".join(lines)
    assert report.errors == 0, text
    assert "SOLVER_PROCESSES" not in text  # the server's own setting
    line = next(line for line in lines if line.startswith("concurrent assignment"))
    assert "statuses {200:" in line, line
