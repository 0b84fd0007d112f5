"""`matchmaker bench pages` runs end to end: every main page answers and gets a line of figures."""

from __future__ import annotations

import re

from click.testing import CliRunner

from matchmaker.cli.bench import bench_group


def test_bench_pages_prints_a_line_per_page_over_http():
    result = CliRunner().invoke(bench_group, ["pages", "--repeat", "2", "--http"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("calibration: loop") and lines[-1].startswith("during the run")
    assert "338 projects" in lines[1]  # 330 in the chain and 8 prospects
    assert "HTTP on loopback" in lines[1]
    rows = [line for line in lines if re.match(r"\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\s+/", line)]
    paths = [row.split()[4] for row in rows]
    assert len(rows) == 16 and paths[0] == "/" and "/sites" in paths and any(p.startswith("/events/") for p in paths)
    assert re.search(r"district map: built once per process in \d+ ms", result.output)
