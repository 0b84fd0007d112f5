"""Peak resident memory of the process that does the work, sampled while it works (psutil).

``resource.getrusage(...).ru_maxrss`` cannot be used for a child: Linux carries the parent's
resident size into a forked child's high-water mark, and keeps it across ``exec``, so a spawned
importer of a parent holding 500 MiB reports at least 500 MiB whatever it does. The sampler here
reads the RSS of the processes it is given (``/proc/<pid>/statm`` through psutil) from a thread
of the measuring process. It counts native memory (SQLite, OR-Tools, HiGHS) that tracemalloc
would not see; a spike shorter than the sampling interval (20 ms by default) can be missed.
"""

from __future__ import annotations

import threading

import psutil

__all__ = ["PeakRss"]


class PeakRss:
    """Largest RSS of one process (with its children, if asked), sampled in a background thread.

    Use as a context manager around the work; :attr:`peak` is in bytes, :attr:`peak_mb` in MiB.
    ``process`` is a pid or a :class:`psutil.Process`, this process by default.
    """

    def __init__(self, process: int | psutil.Process | None = None, *, children: bool = True,
                 interval_s: float = 0.02) -> None:
        self._process = process if isinstance(process, psutil.Process) else psutil.Process(process)
        self._children = children
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peak = 0

    @property
    def peak_mb(self) -> float:
        """The peak in MiB."""
        return self.peak / 2**20

    def _rss(self, process: psutil.Process) -> int:
        try:
            return process.memory_info().rss
        except psutil.Error:  # exited between listing and reading
            return 0

    def _sample(self) -> None:
        total = self._rss(self._process)
        if self._children:
            try:
                children = self._process.children(recursive=True)
            except psutil.Error:
                children = []
            total += sum(self._rss(child) for child in children)
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def __enter__(self) -> PeakRss:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
