"""A child that allocates a known amount, run as `python -m tests.benchmarks.allocating_child MIB`.

Light imports, so its own memory is small and known. It prints the kernel's high-water mark and
its RSS at start, fills MIB MiB, prints `done`, and holds the memory until a line on stdin.
"""

from __future__ import annotations

import resource
import sys

import numpy as np
import psutil

MIB = 2**20


def main(mib: int) -> None:
    """Report, allocate, report, hold."""
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,  # Linux reports KiB
          psutil.Process().memory_info().rss, flush=True)
    block = np.ones(mib * MIB // 8)  # written, so resident
    print("done", int(block[-1]), flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    main(int(sys.argv[1]))
