"""A MILP child that never answers: it ignores its guide and the terminate signal and burns CPU.

:mod:`test_deadline` runs it in place of :func:`matching.assignment.exact.solve_milp_file`
(``exact.CHILD_ENTRY``) to check that the parent kills it and keeps its own deadline.
"""

from __future__ import annotations

import signal


def never_answer(model_path: str, answer_path: str) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    count = 0
    while True:
        count += 1
