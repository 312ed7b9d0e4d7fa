"""A function called every few seconds in a background thread (the relay's and the snapshot
keeper's rounds)."""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Ticker:
    def __init__(
        self, tick: Callable[[], object], *, name: str, failed: str, join_s: float
    ) -> None:
        self._tick = tick
        self._name = name  # the thread's
        self._failed = failed  # what the log says when a round fails
        self._join_s = join_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, interval_s: float) -> None:
        """Call the function every `interval_s` seconds until stopped."""
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, args=(interval_s,), name=self._name, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop, waiting up to `join_s` seconds for a round under way."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._join_s)
            self._thread = None

    def _loop(self, interval_s: float) -> None:
        while not self._stop.wait(interval_s):
            try:
                self._tick()
            except Exception:  # the loop must outlive a bad moment; the error is logged
                log.exception(self._failed)
