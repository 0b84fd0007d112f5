"""Read-only responses reused while the data they were built from has not changed.

A response is stored with the data-version stamps (models.versioning) read in the same request;
the stamps live in the database and move in the same transaction as every change, so a change
made through any worker or server makes every stored response of that data stale at once.
The stamps are read before the data: a response built from newer data than its stamps say is
only ever served to readers who could already see that data.

A store may name one more stamp whose moves are cheap to follow: when only that one moved, the
stored data is brought up to date by a small `refresh` instead of being built again (the site
list follows signings by re-reading the offers' areas, not the whole inventory).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app
from sqlalchemy.orm import Session

from models.versioning import current_versions

EXTENSION = "matchmaker.stamped"

Refresh = Callable[[Any, Session], Any]


@dataclass(frozen=True)
class _Entry:
    stamps: tuple[int, ...]
    refreshed: int
    data: Any
    body: str


class StampedResponses:
    """The JSON data and bodies of the last `size` distinct requests, with the stamps they were built from."""

    def __init__(self, *stamps: str, refreshed_by: tuple[str, Refresh] | None = None, size: int = 256) -> None:
        self.stamps = stamps
        self.refreshed_by = refreshed_by
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()

    def response(self, key: Hashable, build: Callable[[], Any], *, session: Session) -> Response:
        """The stored body for `key` while its stamps hold, else `build()`'s (or a refresh's) output, stored."""
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
        return current_app.response_class(entry.body, mimetype=current_app.json.mimetype)

    @staticmethod
    def _encode(data: Any) -> str:
        return current_app.json.dumps(data) + "\n"  # as jsonify writes it

    def _store(self, key: Hashable, entry: _Entry) -> _Entry:
        # Built outside the lock: two threads may both build, but never wait on each other.
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry


def stamped_responses(name: str, *stamps: str, refreshed_by: tuple[str, Refresh] | None = None) -> StampedResponses:
    """The app's store called `name` (each app its own: two apps may share stamp numbers)."""
    stores = current_app.extensions.setdefault(EXTENSION, {})
    store = stores.get(name)
    if store is None:
        store = stores.setdefault(name, StampedResponses(*stamps, refreshed_by=refreshed_by))
    elif (store.stamps, store.refreshed_by) != (stamps, refreshed_by):  # one name, one meaning
        raise ValueError(f"the store {name!r} already exists with other stamps")
    return store
