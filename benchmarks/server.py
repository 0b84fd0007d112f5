"""The production server (`matchmaker serve`, gunicorn) in a subprocess on loopback, for the load test and
the tests that need real worker processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

__all__ = ["ServerProcess", "free_port"]


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`matchmaker serve` in a subprocess of its own process group, so it can be killed whole."""

    def __init__(self, database_url: str, *, port: int | None = None, workers: int = 2, threads: int = 4,
                 secret_key: str = "loadtest", log: Path | None = None, env: dict[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, **(env or {}), "MATCHMAKER_DATABASE_URL": database_url,
                       "MATCHMAKER_SECRET_KEY": secret_key, "MATCHMAKER_LOG_LEVEL": "WARNING"}
        self._log = open(log, "ab") if log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "matchmaker", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers), "--threads", str(threads)],
            env=environment, stdout=self._log, stderr=self._log, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        """Block until /api/v1/health answers 200 (raises if the server died or took too long)."""
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s")

    def processes(self, workers: int = 0, timeout: float = 15) -> list[psutil.Process]:
        """The gunicorn master and its workers, once `workers` of them are up.

        The first worker answers the health check while the others may still be forking; the CPU
        of one missed here would be missing from the server's figure.
        """
        deadline = time.monotonic() + timeout
        try:
            master = psutil.Process(self.process.pid)
            children = master.children(recursive=True)
            while len(children) < workers and time.monotonic() < deadline:
                time.sleep(0.1)
                children = master.children(recursive=True)
            return [master, *children]
        except psutil.NoSuchProcess:
            return []

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, like a machine losing power."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self._close_log()

    def stop(self) -> None:
        """Shut down gracefully (SIGTERM), killing it if it takes more than 20 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not subprocess.DEVNULL:
            self._log.close()
            self._log = subprocess.DEVNULL
