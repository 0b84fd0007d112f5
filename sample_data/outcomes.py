"""Simulated outcomes of proposals, drawn from known weights, for testing how the ranking weights are learned."""

from __future__ import annotations

import math
import random

from sample_data.tables import SEED

LOCALITIES = (1.0, 1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.4)


def simulate_outcomes(true_weights: tuple[float, float, float], *, projects: int = 300, per_project: int = 4,
                      noise: float = 0.05, seed: int = SEED) -> list[dict]:
    """Proposals with factors and an outcome drawn from a known "true" weight vector plus noise.

    Each project gets `per_project` proposals with random industry, space and locality
    factors; the one with the highest `true · factors + noise * Gumbel` is signed and the others
    dropped (a choice model: the larger `noise`, the more the staff's choices look random). One
    project in ten signs nothing. Returns dicts: `project`, `factors`, `status`.
    """
    rng = random.Random(seed)
    out = []
    for project in range(1, projects + 1):
        rows = [{"industry": rng.betavariate(2.0, 1.5), "space": rng.betavariate(2.0, 1.2),
                 "locality": rng.choice(LOCALITIES)} for _ in range(per_project)]
        utility = [sum(w * r[f] for w, f in zip(true_weights, ("industry", "space", "locality"), strict=True))
                   - noise * math.log(-math.log(rng.random() or 1e-12)) for r in rows]
        signed = max(range(per_project), key=utility.__getitem__) if rng.random() >= 0.1 else -1
        out += [{"project": project, "factors": r, "status": "signed" if k == signed else "dropped"}
                for k, r in enumerate(rows)]
    return out
