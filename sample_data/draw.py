"""Random draws the sample generator shares: values in a range, dates, locations in a district."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from sample_data.tables import DISTRICTS

__all__ = ["between", "location", "log_between", "some_date"]


def between(rng: random.Random, low: float, high: float, step: float = 1.0) -> float:
    """A uniform value in [low, high], rounded to `step`."""
    value = round(rng.uniform(low, high) / step) * step
    return float(round(min(max(value, low), high), 2))


def log_between(rng: random.Random, low: float, high: float, step: float = 10.0) -> float:
    """A value in [low, high], more often small than large (log-uniform), rounded to `step`."""
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return float(round(max(low, min(high, round(value / step) * step)), 2))


def some_date(rng: random.Random, start: date, end: date) -> str:
    return (start + timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def location(rng: random.Random, district: str, jitter: bool = True) -> dict[str, float]:
    lat, lon, span = DISTRICTS[district]
    if not jitter:
        return {"lat": lat, "lon": lon}
    span *= 0.95  # stay inside the allowed box after rounding
    return {"lat": round(lat + rng.uniform(-span, span), 4), "lon": round(lon + rng.uniform(-span, span), 4)}
