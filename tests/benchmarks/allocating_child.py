"""A process target that allocates a known amount: light imports, so its own memory is small and known."""

from __future__ import annotations

import resource

import numpy as np
import psutil

MIB = 2**20


def allocate(mib: int, ready, done, release) -> None:
    """Report the kernel's high-water mark and RSS at start, fill ``mib`` MiB, hold it until ``release``."""
    ready.put((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,  # Linux reports KiB
               psutil.Process().memory_info().rss))
    block = np.ones(mib * MIB // 8)  # written, so resident
    done.put(int(block[-1]))
    release.wait(60)
