"""Industry fit between GB/T 4754-2017 codes: the hierarchy, and Wenzhou's industry chains.

Two codes are close when they share a deep level of the classification (letter section,
2-digit division, 3-digit group, 4-digit class), or when one sits directly up- or downstream
of the other in an industry chain (强链补链延链). The pair score is the better of the two:

==========================  =====
relation                    score
==========================  =====
the same code               1.0
same group (3 digits)       0.8
chain neighbour (one hop)   0.7
same division (2 digits)    0.6
chain, two hops apart       0.4
same section (letter)       0.3
unrelated                   0.0
==========================  =====

A code that is an ancestor of the other counts as the level it names: a site leading in
``C38`` and a project in ``C3823`` share the division (0.6). Chain links may be drawn between
groups or divisions; they then apply to every code below them.

networkx does the graph work (shortest paths of length <= 2 on the undirected chain graph,
computed once in :meth:`IndustrySimilarity.fit`); the per-query work is a numpy row lookup.

Examples
--------
>>> sim = IndustrySimilarity(chain_links=[("C383", "C3823")]).fit(["C3823", "C38", "C3831"])
>>> sim.similarity("C3823", "C3823"), sim.similarity("C3823", "C3824")
(1.0, 0.8)
>>> sim.similarity("C3823", "C38"), sim.similarity("C3831", "C3823")
(0.6, 0.7)
>>> [round(float(x), 2) for x in sim.code_scores(("C3831",))]
[0.7, 0.6, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

import networkx as nx
import numpy as np

__all__ = [
    "HOP_SCORES",
    "LEVEL_SCORES",
    "SECONDARY_DISCOUNT",
    "IndustrySimilarity",
    "Relation",
    "ancestors",
    "code_level",
]

# By depth of the deepest shared level: 1 section, 2 division, 3 group, 4 class.
LEVEL_SCORES = {1: 0.3, 2: 0.6, 3: 0.8, 4: 1.0}
LEVEL_NAMES = {1: "section", 2: "division", 3: "group", 4: "class"}
# Chain neighbours: one hop is a direct supplier or customer; two hops share a supplier or a
# customer (or sit one step further along). Set between "same group" and "same division" on
# purpose: a direct supplier matters more to a park than a distant cousin in the same division.
HOP_SCORES = {1: 0.7, 2: 0.4}
# A project's first code is its main industry; a match on a secondary code (a side line) counts
# like a chain neighbour of the main one, below a park of the main industry's own group.
SECONDARY_DISCOUNT = 0.75


def code_level(code: str) -> int:
    """Depth of a GB/T 4754 code: 1 section (``C``), 2 division (``C38``), 3 group, 4 class.

    >>> code_level("C"), code_level("C38"), code_level("C382"), code_level("C3823")
    (1, 2, 3, 4)
    """
    return min(max(len(code) - 1, 1), 4)


def ancestors(code: str) -> tuple[str, ...]:
    """The code and its ancestors, from the section down to the code itself.

    GB/T 4754 codes are prefix-structured, so the ancestors are prefixes: no table is needed,
    and a code missing from the taxonomy still has a place in the hierarchy.

    >>> ancestors("C3823")
    ('C', 'C38', 'C382', 'C3823')
    """
    code = code.strip().upper()
    return tuple(code[:n] for n in (1, 3, 4, 5) if n <= len(code))


class Relation(NamedTuple):
    """How two codes are related, for the score and for the reasons.

    ``kind`` is ``"same"`` (equal codes), ``"group"``, ``"division"``, ``"section"`` (the shared
    level, ``via`` names the shared ancestor), ``"upstream"`` / ``"downstream"`` (the first code
    is a direct supplier / customer of the second; ``via`` is the linked pair), ``"chain"`` (two
    hops; ``via`` is the code in between) or ``"none"``.
    """

    score: float
    kind: str
    via: tuple[str, ...] = ()


_NONE = Relation(0.0, "none")


@lru_cache(maxsize=8)
def _chain_graph(links: tuple[tuple[str, str], ...]) -> tuple[nx.DiGraph, dict[str, dict[str, int]]]:
    # Shared by every index fitted on the same taxonomy (the reverse search fits one per site):
    # the graph and its hop counts depend on the links only. Treat both as read-only.
    graph = nx.DiGraph()
    graph.add_edges_from(links)
    # Direction does not matter for "how far along the chain"; it only names the reason.
    hops = dict(nx.all_pairs_shortest_path_length(graph.to_undirected(as_view=True), cutoff=2))
    return graph, hops


class IndustrySimilarity:
    """Pairwise industry fit of GB/T 4754 codes, with a precomputed matrix over codes in use.

    Parameters
    ----------
    chain_links : iterable of (str, str)
        (upstream, downstream) edges of industry chains, at any level of the classification.

    Attributes
    ----------
    graph_ : networkx.DiGraph
        The chain graph (shared by indexes fitted on the same links: do not modify).
    hops_ : dict
        ``hops_[u][v]`` is the number of links between chain nodes ``u`` and ``v``, when at most 2.
    codes_ : list of str
        The codes given to :meth:`fit` (typically every site industry in use), deduplicated.
    index_ : dict
        Code -> column in ``matrix_``.
    matrix_ : ndarray of shape (n_codes, n_codes)
        ``similarity(codes_[i], codes_[j])``.
    """

    def __init__(self, chain_links: Iterable[tuple[str, str]] = ()) -> None:
        self.chain_links = chain_links

    def fit(self, codes: Iterable[str] = ()) -> IndustrySimilarity:
        """Build the chain graph and the similarity matrix over ``codes``; return self."""
        links = tuple((a.strip().upper(), b.strip().upper()) for a, b in self.chain_links)
        self.graph_, self.hops_ = _chain_graph(links)
        self._relations: dict[tuple[str, str], Relation] = {}
        self.codes_ = list(dict.fromkeys(c.strip().upper() for c in codes))
        self.index_ = {c: i for i, c in enumerate(self.codes_)}
        n = len(self.codes_)
        matrix = np.zeros((n, n), dtype=np.float64)
        for i, a in enumerate(self.codes_):
            for j in range(i, n):
                matrix[i, j] = matrix[j, i] = self.relation(a, self.codes_[j]).score
        self.matrix_ = matrix
        self._rows: dict[str, np.ndarray] = {}
        self._profiles: dict[tuple[str, ...], np.ndarray] = {}
        return self

    def relation(self, a: str, b: str) -> Relation:
        """How code ``a`` (the project's) relates to code ``b`` (the site's), with its score."""
        key = (a, b)
        found = self._relations.get(key)
        if found is None:
            found = self._relations[key] = self._relate(a.strip().upper(), b.strip().upper())
        return found

    def similarity(self, a: str, b: str) -> float:
        """Industry fit of two codes in [0, 1] (see the module table)."""
        return self.relation(a, b).score

    def _relate(self, a: str, b: str) -> Relation:
        if not a or not b:
            return _NONE
        if a == b:
            return Relation(1.0, "same", (a,))
        best = _NONE
        shared = [x for x, y in zip(ancestors(a), ancestors(b)) if x == y]
        if shared:
            depth = code_level(shared[-1])
            best = Relation(LEVEL_SCORES[depth], LEVEL_NAMES[depth], (shared[-1],))
        chain = self._chain_relation(a, b)
        return chain if chain.score > best.score else best

    def _chain_relation(self, a: str, b: str) -> Relation:
        graph = self.graph_
        cover_a = [x for x in ancestors(a) if x in graph]
        cover_b = [y for y in ancestors(b) if y in graph]
        best = _NONE
        for u in cover_a:
            hops = self.hops_.get(u, {})
            for v in cover_b:
                d = hops.get(v)
                if not d or HOP_SCORES[d] <= best.score:
                    continue
                if d == 1:
                    kind = "upstream" if graph.has_edge(u, v) else "downstream"
                    best = Relation(HOP_SCORES[1], kind, (u, v))
                else:
                    middle = min(set(nx.all_neighbors(graph, u)) & set(nx.all_neighbors(graph, v)))
                    best = Relation(HOP_SCORES[2], "chain", (u, middle, v))
        return best

    def row(self, code: str) -> np.ndarray:
        """``similarity(code, c)`` for every ``c`` in ``codes_``; computed once per code, then cached."""
        code = code.strip().upper()
        i = self.index_.get(code)
        if i is not None:
            return self.matrix_[i]
        found = self._rows.get(code)
        if found is None:
            found = np.array([self.relation(code, c).score for c in self.codes_], dtype=np.float64)
            self._rows[code] = found
        return found

    def code_scores(self, project_codes: Sequence[str]) -> np.ndarray:
        """Best fit of a project's codes against each of ``codes_`` (secondary codes discounted).

        Returns zeros when the project gives no codes (its text then carries the industry).
        """
        key = tuple(project_codes)
        found = self._profiles.get(key)
        if found is None:
            found = np.zeros(len(self.codes_), dtype=np.float64)
            for k, code in enumerate(key):
                weight = 1.0 if k == 0 else SECONDARY_DISCOUNT
                np.maximum(found, weight * self.row(code), out=found)
            found.setflags(write=False)
            self._profiles[key] = found
        return found

    def best_pair(self, project_codes: Sequence[str], site_codes: Sequence[str]) -> tuple[float, str, str, Relation]:
        """The best (project code, site code) pair: ``(score, project_code, site_code, relation)``.

        The score applies the secondary-code discount; the first best pair wins a tie (the main
        code, then the site's first leading industry). ``("", "")`` codes when either side is empty.
        """
        best: tuple[float, str, str, Relation] = (0.0, "", "", _NONE)
        for k, a in enumerate(project_codes):
            weight = 1.0 if k == 0 else SECONDARY_DISCOUNT
            for b in site_codes:
                rel = self.relation(a, b)
                if weight * rel.score > best[0]:
                    best = (weight * rel.score, a, b, rel)
        return best
