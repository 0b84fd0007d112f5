"""`matchmaker loadtest --assignment S`: one staff member running assignments while the others work.

The client posts ``/api/v1/assignments`` for every graduated project (limit ``S`` seconds) back to
back for the whole run, as from the event page; its solves are reported apart from the mix's
latencies (a solve is meant to take its time limit), and any answer but 200 counts as an error.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Assignments", "assign_loop"]


@dataclass
class Assignments:
    """The concurrent assignment's solves (``--assignment``): each one's seconds and status, measured part only."""

    time_limit_s: float
    seconds: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    def line(self) -> str:
        if not self.seconds:
            return f"concurrent assignment (limit {self.time_limit_s:g} s): none finished in the measured time"
        return (f"concurrent assignment of every graduated project (POST /assignments, limit {self.time_limit_s:g} s),"
                f" one after another: {len(self.seconds)} solves, {min(self.seconds):.2f}–{max(self.seconds):.2f} s"
                f" each; statuses {dict(self.statuses)}")

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200)


async def assign_loop(http: Any, base: str, token: str, assignments: Assignments, results: Any,
                      deadline: float) -> None:
    """One staff member running assignments back to back, as from the event page, while the others work."""
    loop = asyncio.get_running_loop()
    headers = {"Authorization": f"Bearer {token}"}
    while loop.time() < deadline:
        started = time.perf_counter()
        try:
            async with http.post(base + "/api/v1/assignments", headers=headers,
                                 json={"time_limit_s": assignments.time_limit_s}) as response:
                await response.read()
                status = response.status
        except Exception:  # a lost connection is an error
            status = 0
        if results.recording:
            assignments.seconds.append(time.perf_counter() - started)
            assignments.statuses[status] += 1
