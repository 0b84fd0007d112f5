"""What one worker process keeps in memory between requests, and how it learns it is stale.

Everything here is checked against the data-version stamps (`models.versioning`) at the
start of each use. The stamps live in the database and move in the same transaction as every
change, so a change made through any worker or server makes what every other worker keeps
stale at once:

- `RankingCache`: the fitted ranking index over the whole inventory, rebuilt when the
  inventory's stamp moves, and given fresh areas only when just the availability stamp moved
  (signings and releases).
- `StampedResponses`: the JSON bodies of read-only responses, kept while the stamps they were
  built from hold.

`WorkerState` bundles them; the app factory makes one per app and the API and the pages
reach it through `api.context.worker_state()`. (The reference lookups are kept per database
session, not per worker: `models.reference.lookups`.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from matching.ranking import OfferIndex
from matching.types import OfferRecord, Taxonomy
from models.site import Offer
from models.versioning import AVAILABILITY, INVENTORY, current_versions

from .inventory import active_offer_records, load_taxonomy

__all__ = ["Ranking", "RankingCache", "StampedResponses", "WorkerState"]

Refresh = Callable[[Any, Session], Any]


@dataclass(frozen=True)
class Ranking:
    """A fitted index over the whole inventory, and the stamps of what it was built from."""

    version: int
    availability: int
    taxonomy: Taxonomy
    index: OfferIndex
    offers: dict[int, OfferRecord]


class RankingCache:
    """One fitted index per process, rebuilt when the inventory's stamp moves.

    When only the availability stamp moved (signings, releases), the index keeps its fitted
    models and takes the new areas from one small query.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ranking: Ranking | None = None

    def get(self, *, session: Session) -> Ranking:
        """The index as of the stamps committed now."""
        version, availability = current_versions(INVENTORY, AVAILABILITY, session=session)
        ranking = self._ranking
        if ranking is not None and (ranking.version, ranking.availability) == (version, availability):
            return ranking
        with self._lock:
            ranking = self._ranking
            if ranking is None or ranking.version != version:
                records = active_offer_records(session=session)
                taxonomy = load_taxonomy(session=session)
                index = OfferIndex(taxonomy).fit(records)
                ranking = Ranking(version, availability, taxonomy, index, {r.id: r for r in records})
            elif ranking.availability != availability:
                areas = dict(session.execute(sa.select(Offer.id, Offer.available_area)
                                             .where(Offer.id.in_(list(ranking.offers)))).all())
                index = ranking.index.with_areas(areas)
                ranking = Ranking(version, availability, ranking.taxonomy, index,
                                  {offer.id: offer for offer in index.columns_.offers})
            self._ranking = ranking
        return ranking


@dataclass(frozen=True)
class _Entry:
    stamps: tuple[int, ...]
    refreshed: int
    data: Any
    body: str


class StampedResponses:
    """The data and encoded bodies of the last `size` distinct requests, with the stamps they were built from.

    The stamps are read before the data: a body built from newer data than its stamps say is
    only ever served to readers who could already see that data. A store may name one more
    stamp whose moves are cheap to follow: when only that one moved, the kept data is brought
    up to date by a small `refresh` instead of being built again (the site list follows
    signings by re-reading the offers' areas, not the whole inventory).
    """

    def __init__(self, *stamps: str, encode: Callable[[Any], str], refreshed_by: tuple[str, Refresh] | None = None,
                 size: int = 256) -> None:
        self.stamps = stamps
        self.refreshed_by = refreshed_by
        self.size = size
        self._encode = encode
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()

    def body(self, key: Hashable, build: Callable[[], Any], *, session: Session) -> str:
        """The kept body for `key` while its stamps hold, else `build()`'s (or a refresh's) output, kept."""
        names = self.stamps + ((self.refreshed_by[0],) if self.refreshed_by else ())
        found = current_versions(*names, session=session)
        stamps, refreshed = found[: len(self.stamps)], (found[-1] if self.refreshed_by else 0)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.stamps == stamps:
                self._entries.move_to_end(key)
        if entry is None or entry.stamps != stamps:
            data = build()
            entry = self._store(key, _Entry(stamps, refreshed, data, self._encode(data)))
        elif entry.refreshed != refreshed and self.refreshed_by is not None:
            data = self.refreshed_by[1](entry.data, session)  # a new structure: others may be reading the old
            entry = self._store(key, _Entry(stamps, refreshed, data, self._encode(data)))
        return entry.body

    def _store(self, key: Hashable, entry: _Entry) -> _Entry:
        # Built outside the lock: two threads may both build, but never wait on each other.
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry


class WorkerState:
    """Everything one app keeps in memory: its ranking index and its stores of kept responses.

    Each app has its own (two apps may share stamp numbers, but not what they were built from).
    """

    def __init__(self, *, encode: Callable[[Any], str]) -> None:
        self.rankings = RankingCache()
        self._encode = encode
        self._stores: dict[str, StampedResponses] = {}
        self._lock = threading.Lock()

    def responses(self, name: str, *stamps: str, refreshed_by: tuple[str, Refresh] | None = None) -> StampedResponses:
        """The store called `name`; a name has one meaning, so other stamps for it are a `ValueError`."""
        with self._lock:
            store = self._stores.get(name)
            if store is None:
                store = self._stores[name] = StampedResponses(*stamps, encode=self._encode, refreshed_by=refreshed_by)
        if (store.stamps, store.refreshed_by) != (stamps, refreshed_by):
            raise ValueError(f"the store {name!r} already exists with other stamps")
        return store
