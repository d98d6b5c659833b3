"""Something built from the database and kept in the process (a search index, the answer ranker): rebuilt
when the rows it was built from change. The process that changed them rebuilds at once (`forget`, from a
save signal); every other process within `seconds`, by comparing a cheap stamp of the rows (their count
and latest update time) with the one it was built from, at most that often, never on every read."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Fresh(Generic[T]):
    def __init__(self, stamp: Callable[[], object], build: Callable[[], T], *, seconds: float = 2.0):
        self.stamp, self.build, self.seconds = stamp, build, seconds
        self._lock = threading.Lock()
        self._value: T | None = None
        self._stamp: object = None
        self._checked = 0.0

    def forget(self, **_signal) -> None:
        """The rows changed in this process: the next read checks the stamp (a signal receiver)."""
        self._checked = 0.0

    def get(self) -> tuple[T, object]:
        """(the value, the stamp it was built from)."""
        if self._value is not None and time.monotonic() - self._checked < self.seconds:
            return self._value, self._stamp
        stamp = self.stamp()
        with self._lock:
            if self._stamp != stamp or self._value is None:
                self._value, self._stamp = self.build(), stamp
            self._checked = time.monotonic()
            return self._value, self._stamp
