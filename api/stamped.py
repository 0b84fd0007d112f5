"""Read-only responses reused while the data they were built from has not changed.

A response is stored with the data-version stamps (models.versioning) read in the same request;
the stamps live in the database and move in the same transaction as every change, so a change
made through any worker or server makes every stored response of that data stale at once.
The stamps are read before the data: a response built from newer data than its stamps say is
only ever served to readers who could already see that data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Response, current_app
from sqlalchemy.orm import Session

from models.versioning import current_versions

EXTENSION = "matchmaker.stamped"


class StampedResponses:
    """The JSON bodies of the last `size` distinct requests, each with the stamps it was built from."""

    def __init__(self, *stamps: str, size: int = 256) -> None:
        self.stamps = stamps
        self.size = size
        self._lock = threading.Lock()
        self._bodies: OrderedDict[Hashable, tuple[tuple[int, ...], str]] = OrderedDict()

    def response(self, key: Hashable, build: Callable[[], Any], *, session: Session) -> Response:
        """The stored body for `key` if its stamps still hold, else `build()`'s output, stored."""
        stamps = current_versions(*self.stamps, session=session)
        with self._lock:
            found = self._bodies.get(key)
            if found is not None and found[0] == stamps:
                self._bodies.move_to_end(key)
                body = found[1]
            else:
                body = None
        if body is None:  # built outside the lock: two threads may both build, never wait on each other
            body = current_app.json.dumps(build()) + "\n"  # as jsonify writes it
            with self._lock:
                self._bodies[key] = (stamps, body)
                self._bodies.move_to_end(key)
                while len(self._bodies) > self.size:
                    self._bodies.popitem(last=False)
        return current_app.response_class(body, mimetype=current_app.json.mimetype)


def stamped_responses(name: str, *stamps: str) -> StampedResponses:
    """The app's store called `name` (each app its own: two apps may share stamp numbers)."""
    stores = current_app.extensions.setdefault(EXTENSION, {})
    store = stores.get(name)
    if store is None:
        store = stores.setdefault(name, StampedResponses(*stamps))
    return store
