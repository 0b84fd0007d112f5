"""The assignment problem, its answer, and how an answer is checked and valued.

Each project ``i`` needs exactly ``area[i]`` ㎡ and goes to at most one offer ``j`` among its
eligible pairs ``(i, j, s_ij)``; the area placed on an offer never exceeds its capacity
``cap[j]``. An assignment is worth ``sum w_i * s_ij`` over its pairs, under one of three
objectives:

``"equal"``
    every project counts the same, ``w_i = 1`` (the default);
``"area"``
    projects count by the space they need, ``w_i = area[i] / mean(area)``, so that large
    anchor projects are not crowded out by many small ones when space is scarce;
``"priority"``
    a positive weight per project given by the caller (``AssignmentProblem.weight``).

This module holds what callers exchange with the solver: :class:`AssignmentProblem` (validated,
read-only arrays), :class:`AssignmentResult` (every result names the objective it maximised),
and the checks every answer must pass, :func:`check_feasible` and :func:`objective_value`, kept
apart from the solver so that they judge its answers independently. :func:`load_instance`
reads the benchmark's ``.npz`` format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from typing import Literal

import numpy as np

__all__ = [
    "CAPACITY_TOLERANCE",
    "AssignmentProblem",
    "AssignmentResult",
    "Objective",
    "check_feasible",
    "load_instance",
    "objective_value",
    "objective_weights",
]

Objective = Literal["equal", "area", "priority"]

#: An offer may hold this much more than its capacity, relative to ``max(1, cap_j)``.
CAPACITY_TOLERANCE = 1e-6


def _frozen_array(value: object, dtype: type, name: str) -> np.ndarray:
    array = np.array(value, dtype=dtype, copy=True)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    array.setflags(write=False)
    return array


def _index_array(value: object, name: str) -> np.ndarray:
    raw = np.asarray(value)
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        if not np.issubdtype(raw.dtype, np.floating) or not np.all(raw == np.round(raw)):
            raise ValueError(f"{name} must hold integer indices")
    return _frozen_array(raw, np.int64, name)


@dataclass(frozen=True)
class AssignmentProblem:
    """Projects, offers and the eligible pairs between them.

    The arrays are copied, converted (float64 / int64) and made read-only.

    Parameters
    ----------
    area : array_like, shape (n,)
        Area each project needs, > 0 (it takes exactly this much of the offer it gets).
    cap : array_like, shape (m,)
        Capacity of each offer, >= 0.
    pi, pj : array_like of int, shape (k,)
        Project and offer index of each eligible pair; a pair is listed at most once.
    ps : array_like, shape (k,)
        Score of each pair, in (0, 1].
    weight : array_like, shape (n,), optional
        Positive priority of each project, used by the ``"priority"`` objective; ``None``
        means every project counts 1.

    Raises
    ------
    ValueError
        If a shape, an index or a value is out of range, or a pair is listed twice.

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0], cap=[2.0], pi=[0, 1], pj=[0, 0], ps=[0.9, 0.5])
    >>> p.n, p.m, p.n_pairs
    (2, 1, 2)
    """

    area: np.ndarray
    cap: np.ndarray
    pi: np.ndarray
    pj: np.ndarray
    ps: np.ndarray
    weight: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        area = _frozen_array(self.area, np.float64, "area")
        cap = _frozen_array(self.cap, np.float64, "cap")
        pi = _index_array(self.pi, "pi")
        pj = _index_array(self.pj, "pj")
        ps = _frozen_array(self.ps, np.float64, "ps")
        n, m = area.size, cap.size
        if not np.all(np.isfinite(area)) or np.any(area <= 0):
            raise ValueError("area must be finite and > 0 for every project")
        if not np.all(np.isfinite(cap)) or np.any(cap < 0):
            raise ValueError("cap must be finite and >= 0 for every offer")
        if not pi.size == pj.size == ps.size:
            raise ValueError(f"pi, pj and ps must have the same length, got {pi.size}, {pj.size}, {ps.size}")
        if pi.size:
            if pi.min() < 0 or pi.max() >= n:
                raise ValueError(f"pi must index projects 0..{n - 1}")
            if pj.min() < 0 or pj.max() >= m:
                raise ValueError(f"pj must index offers 0..{m - 1}")
            if not np.all(np.isfinite(ps)) or np.any(ps <= 0) or np.any(ps > 1):
                raise ValueError("ps (scores) must lie in (0, 1]")
            keys = np.sort(pi * m + pj)
            if np.any(keys[1:] == keys[:-1]):
                raise ValueError("a (project, offer) pair is listed more than once")
        object.__setattr__(self, "area", area)
        object.__setattr__(self, "cap", cap)
        object.__setattr__(self, "pi", pi)
        object.__setattr__(self, "pj", pj)
        object.__setattr__(self, "ps", ps)
        if self.weight is not None:
            weight = _frozen_array(self.weight, np.float64, "weight")
            if weight.size != n:
                raise ValueError(f"weight must have one entry per project ({n}), got {weight.size}")
            if not np.all(np.isfinite(weight)) or np.any(weight <= 0):
                raise ValueError("weight must be finite and > 0 for every project")
            object.__setattr__(self, "weight", weight)

    @property
    def n(self) -> int:
        """Number of projects."""
        return int(self.area.size)

    @property
    def m(self) -> int:
        """Number of offers."""
        return int(self.cap.size)

    @property
    def n_pairs(self) -> int:
        """Number of eligible pairs."""
        return int(self.pi.size)


@dataclass(frozen=True)
class AssignmentResult:
    """An assignment, its value, a proven upper bound and how it was found.

    Attributes
    ----------
    offer_of : ndarray of int, shape (n,)
        Offer index of each project, ``-1`` when unassigned (read-only).
    objective : float
        ``sum w_i s_ij`` over the assigned pairs.
    bound : float
        A proven upper bound on the optimum: the tightest of the LP relaxation, the Lagrangian
        bound and HiGHS' MILP bound; for :func:`~matching.assignment.greedy.greedy`, every project at its best offer.
    gap : float
        ``(bound - objective) / max(bound, tiny)``, >= 0.
    optimal : bool
        True only when optimality is proven.
    method : str
        How the assignment was found: ``"milp"``, ``"flow+local-search"`` or ``"greedy"``.
    objective_name : {"equal", "area", "priority"}
        The weighting that was maximised.
    seconds : float
        Wall time of the call.
    areas : ndarray of float, shape (n,), optional
        The area each project gets (0 when unassigned), when the project's need is a range
        (:mod:`~matching.assignment.ranges`); ``None`` means each takes exactly ``area[i]``.
    """

    offer_of: np.ndarray
    objective: float
    bound: float
    gap: float
    optimal: bool
    method: str
    objective_name: str
    seconds: float
    areas: np.ndarray | None = None


def objective_weights(problem: AssignmentProblem, objective: Objective | None = None) -> tuple[str, np.ndarray]:
    """Return the objective's name and the project weights ``w`` it uses.

    ``None`` means ``"priority"`` when the problem carries weights and ``"equal"`` otherwise.

    Examples
    --------
    >>> p = AssignmentProblem(area=[1.0, 3.0], cap=[4.0], pi=[0, 1], pj=[0, 0], ps=[1.0, 1.0])
    >>> name, w = objective_weights(p, "area")
    >>> name, w.tolist()
    ('area', [0.5, 1.5])
    """
    if objective is None:
        objective = "equal" if problem.weight is None else "priority"
    if objective == "equal":
        if problem.weight is not None:
            raise ValueError("objective 'equal' would ignore problem.weight; drop the weights or use 'priority'")
        return "equal", np.ones(problem.n)
    if objective == "area":
        if problem.weight is not None:
            raise ValueError("objective 'area' computes its own weights; drop problem.weight")
        if problem.n == 0:
            return "area", np.ones(0)
        return "area", problem.area / problem.area.mean()
    if objective == "priority":
        if problem.weight is None:
            raise ValueError("objective 'priority' needs problem.weight")
        return "priority", np.asarray(problem.weight, dtype=np.float64)
    raise ValueError(f"objective must be 'equal', 'area' or 'priority', got {objective!r}")


def _as_offer_of(problem: AssignmentProblem, offer_of: object) -> np.ndarray:
    raw = np.asarray(offer_of)
    if raw.shape != (problem.n,):
        raise ValueError(f"offer_of must have shape ({problem.n},), got {raw.shape}")
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        raise ValueError("offer_of must hold integer offer indices")
    out = raw.astype(np.int64)
    if out.size and (out.min() < -1 or out.max() >= problem.m):
        raise ValueError(f"offer_of must hold -1 or an offer index 0..{problem.m - 1}")
    return out


def _pair_of(problem: AssignmentProblem, offer_of: np.ndarray) -> np.ndarray:
    """Pair index of each project (``-1`` if unassigned); raise if a pair is not eligible."""
    pair = np.full(problem.n, -1, dtype=np.int64)
    assigned = np.flatnonzero(offer_of >= 0)
    if assigned.size == 0:
        return pair
    keys = problem.pi * problem.m + problem.pj
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    wanted = assigned * problem.m + offer_of[assigned]
    pos = np.searchsorted(sorted_keys, wanted)
    found = pos < sorted_keys.size
    found[found] = sorted_keys[pos[found]] == wanted[found]
    if not np.all(found):
        bad = int(assigned[np.flatnonzero(~found)[0]])
        raise ValueError(f"project {bad} is on offer {int(offer_of[bad])}, which is not one of its eligible pairs")
    pair[assigned] = order[pos]
    return pair


def check_feasible(problem: AssignmentProblem, offer_of: np.ndarray) -> None:
    """Raise ``ValueError`` unless every assigned pair is eligible and no offer is over capacity.

    An offer may exceed its capacity by ``CAPACITY_TOLERANCE * max(1, cap_j)`` (rounding).

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0], cap=[2.0], pi=[0, 1], pj=[0, 0], ps=[0.9, 0.5])
    >>> check_feasible(p, np.array([0, -1]))
    >>> check_feasible(p, np.array([0, 0]))
    Traceback (most recent call last):
    ...
    ValueError: offer 0 holds 3 ㎡, over its capacity of 2 ㎡
    """
    offer_of = _as_offer_of(problem, offer_of)
    _pair_of(problem, offer_of)
    assigned = offer_of >= 0
    load = np.bincount(offer_of[assigned], weights=problem.area[assigned], minlength=problem.m)
    over = load - problem.cap > CAPACITY_TOLERANCE * np.maximum(1.0, problem.cap)
    if np.any(over):
        j = int(np.flatnonzero(over)[0])
        raise ValueError(f"offer {j} holds {load[j]:g} ㎡, over its capacity of {problem.cap[j]:g} ㎡")


def objective_value(problem: AssignmentProblem, offer_of: np.ndarray, objective: Objective | None = None) -> float:
    """Return ``sum w_i s_ij`` of an assignment under an objective (its pairs must be eligible).

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0], cap=[2.0], pi=[0, 1], pj=[0, 0], ps=[0.9, 0.5])
    >>> objective_value(p, np.array([0, -1]))
    0.9
    """
    _, w = objective_weights(problem, objective)
    pair = _pair_of(problem, _as_offer_of(problem, offer_of))
    assigned = pair >= 0
    return float(np.sum(w[assigned] * problem.ps[pair[assigned]]))


def load_instance(path: str | PathLike[str]) -> AssignmentProblem:
    """Read a benchmark instance: an ``.npz`` with ``area``, ``cap``, ``pi``, ``pj`` and ``ps``.

    An optional ``weight`` array becomes the priority weights; other arrays are ignored.
    """
    with np.load(path, allow_pickle=False) as data:
        missing = {"area", "cap", "pi", "pj", "ps"} - set(data.files)
        if missing:
            raise ValueError(f"{path} lacks {', '.join(sorted(missing))}")
        weight = data["weight"] if "weight" in data.files else None
        return AssignmentProblem(
            area=data["area"], cap=data["cap"], pi=data["pi"], pj=data["pj"], ps=data["ps"], weight=weight
        )

