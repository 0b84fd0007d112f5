"""How fast the host is while a benchmark runs, so a slower host can be told from a slower service.

Every ``matchmaker bench`` command and ``matchmaker loadtest`` prints :meth:`Calibration.line`
first and :meth:`RunMeter.line` last:

* ``loop``: a fixed single-thread pure-Python loop, median wall time of three and, in brackets,
  median CPU time of the thread; the CPU time is the unit results are divided by where that makes
  sense ("0.041 loop" is 4.1 % of the loop's CPU time), since it leaves out the time the loop
  waited for a core that other processes held;
* ``numpy``: a fixed single-thread numpy kernel (median of three), elementwise work on
  arrays too large for the caches, like the ranking's;
* the load average, the number of CPUs, and the CPU steal (the share of time the hypervisor
  gave our virtual CPUs to someone else) during the calibration and during the whole run,
  from the deltas of ``/proc/stat`` (``psutil.cpu_times``).

Examples
--------
>>> c = Calibration(loop_ms=125.0, loop_cpu_ms=120.0, numpy_ms=40.0, load_average=(1.0, 0.5, 0.2), cpus=2,
...                 steal_pct=0.0)
>>> c.line()
'calibration: loop 125.0 ms (CPU 120.0 ms), numpy 40.0 ms; 2 CPUs, load average 1.00 0.50 0.20, CPU steal 0.0 %'
>>> round(c.in_loops(6.0), 3)
0.05
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass

import numpy as np
import psutil

__all__ = ["LOOP_ITERATIONS", "Calibration", "RunMeter", "calibrate", "python_loop_ms", "numpy_kernel_ms"]

#: Iterations of :func:`python_loop_ms`'s loop: 140-160 ms on the 2-vCPU development host (AMD EPYC)
#: at a load average of 2.
LOOP_ITERATIONS = 1_500_000
_NUMPY_SIZE = 2_000_000  # 16 MB per float64 array: beyond the caches
_NUMPY_ROUNDS = 10


def _loop(n: int) -> int:
    # Integer arithmetic, a branch and a list append: the interpreter's common work, no allocation spikes.
    total = 0
    kept = []
    for i in range(n):
        total += i * 7 % 13
        if i % 100_000 == 0:
            kept.append(total)
    return total + len(kept)


def python_loop_ms(repeats: int = 3) -> tuple[float, float]:
    """Median wall time and median CPU time of the fixed pure-Python loop, in ms."""
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.thread_time()
        _loop(LOOP_ITERATIONS)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def numpy_kernel_ms(repeats: int = 3) -> float:
    """Median wall time of the fixed numpy kernel (elementwise: numpy runs it on one thread), in ms."""
    a = np.linspace(0.0, 1.0, _NUMPY_SIZE)
    b = np.linspace(1.0, 2.0, _NUMPY_SIZE)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(_NUMPY_ROUNDS):
            c = np.sqrt(a * b + 1.0)
            np.minimum(c, 1.2, out=c)
            float(c.sum())
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _cpu_times() -> tuple[float, float]:
    """(total, steal) CPU seconds of the whole machine so far."""
    times = psutil.cpu_times()
    # Linux counts guest time inside user time already.
    total = sum(v for k, v in times._asdict().items() if k not in ("guest", "guest_nice"))
    return total, getattr(times, "steal", 0.0)


class RunMeter:
    """CPU steal and load average of the machine between its creation and :meth:`line`."""

    def __init__(self) -> None:
        self._total, self._steal = _cpu_times()
        self._started = time.monotonic()

    def steal_pct(self) -> float:
        """Steal as a share of all CPU time since the meter started, in %."""
        total, steal = _cpu_times()
        elapsed = total - self._total
        return 100.0 * (steal - self._steal) / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """What the machine did during the run, to print after the results."""
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        return (f"during the run ({time.monotonic() - self._started:.0f} s): CPU steal {self.steal_pct():.1f} %,"
                f" load average now {load}")


@dataclass(frozen=True)
class Calibration:
    """The host's speed just before a benchmark; see the module's docstring."""

    loop_ms: float
    loop_cpu_ms: float
    numpy_ms: float
    load_average: tuple[float, float, float]
    cpus: int
    steal_pct: float

    def line(self) -> str:
        """The line every benchmark prints first."""
        load = " ".join(f"{x:.2f}" for x in self.load_average)
        return (f"calibration: loop {self.loop_ms:.1f} ms (CPU {self.loop_cpu_ms:.1f} ms), numpy {self.numpy_ms:.1f} ms; {self.cpus} CPUs,"
                f" load average {load}, CPU steal {self.steal_pct:.1f} %")

    def in_loops(self, ms: float) -> float:
        """``ms`` of CPU time as a fraction of the calibration loop's CPU time."""
        return ms / self.loop_cpu_ms


def calibrate(repeats: int = 3) -> Calibration:
    """Time the loop and the kernel now, with the load average and the steal while they ran."""
    meter = RunMeter()
    loop, loop_cpu = python_loop_ms(repeats)
    kernel = numpy_kernel_ms(repeats)
    return Calibration(loop_ms=loop, loop_cpu_ms=loop_cpu, numpy_ms=kernel, load_average=os.getloadavg(), cpus=os.cpu_count() or 1,
                       steal_pct=meter.steal_pct())
