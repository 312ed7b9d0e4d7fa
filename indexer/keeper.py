"""Keeps a process' embedded index in step with the shared snapshot and the store.

Every serving process and batch worker maps the current snapshot version (it builds nothing at
start-up) and applies, on top of it, the workplace changes waiting in the outbox: the current
state of each changed workplace, read from the store, which is right whether or not the
snapshot already holds it. One process at a time (the holder of the builder's lock) publishes:
it writes a new version with everything it has applied and forgets those outbox rows; the
others swap to the new version when they next look. A process looks after its own commits and
otherwise at most every `check_s` seconds.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from indexer.embedded import EmbeddedIndex
from indexer.from_store import rebuild_from_store
from indexer.snapshot import SnapshotDirectory
from indexer.ticker import Ticker
from store import outbox
from store import workplaces as workplace_repository

log = logging.getLogger(__name__)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SnapshotKeeper:
    def __init__(
        self,
        index: EmbeddedIndex,
        directory: SnapshotDirectory,
        sessions: sessionmaker[Session],
        *,
        check_s: float = 1.0,
        publish_after: int = 2000,
        publish_every_s: float = 300.0,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.index = index
        self.directory = directory
        self.sessions = sessions
        self.check_s = check_s
        self.publish_after = publish_after
        self.publish_every_s = publish_every_s
        self.clock = clock
        self._lock = threading.RLock()
        self._applied: set[int] = set()  # outbox rows applied on top of the installed version
        self._seen: tuple[int, int] | None = None  # the outbox's state when last looked at
        self._checked: float | None = None
        self._ticker = Ticker(
            self.tick, name="index-keeper", failed="index keeper failed", join_s=30
        )

    def refresh(self, *, force: bool = False, session: Session | None = None) -> None:
        """Swap to the newest version and apply the waiting changes (at most every `check_s`
        seconds unless forced), reading the outbox through `session` if one is given.
        Publishes the first version when there is none. Unless forced, a thread that finds
        another one refreshing or publishing goes on with the index as it is."""
        now = time.monotonic()
        checked = self._checked
        if not force and checked is not None and now - checked < self.check_s:
            return
        if not self._lock.acquire(blocking=force or checked is None):
            return
        try:
            self._checked = now
            version = self.directory.current()
            if version is None or self.directory.stale(version):
                # None yet, or one made with other word lists or catalogue: from the store.
                self.publish(rebuild=True, first=True)
                return
            if version != self.index.version:
                self.index.install(self.directory.load(version))
                self._applied, self._seen = set(), None
            if session is None:
                with self.sessions() as own:
                    self._apply(own)
            else:
                self._apply(session)
        finally:
            self._lock.release()

    def publish(self, *, rebuild: bool = False, first: bool = False) -> str | None:
        """As the builder, write a new version from this index with every change applied, or
        from the store (`rebuild`, or when the outbox asks for it). None when another process
        holds the builder's lock (it is publishing). `first`: only if there is no version yet
        once the lock is ours (processes starting together build one, not one each)."""
        with self._lock, self.directory.builder(wait_s=-1 if rebuild else 0) as mine:
            if not mine:
                return None
            version = self.directory.current()
            if first and version is not None and not self.directory.stale(version):
                self.index.install(self.directory.load(version))
                self._applied, self._seen = set(), None
                with self.sessions() as session:
                    self._apply(session)
                return None
            with self.sessions() as session:
                pending = outbox.pending(session)
                if rebuild or any(action == outbox.REBUILD for _, _, action, _ in pending):
                    rebuild_from_store(self.index, session)
                    covered = {row_id for row_id, _, _, _ in pending}
                else:
                    version = self.directory.current()
                    if version is not None and version != self.index.version:
                        self.index.install(self.directory.load(version))
                        self._applied = set()
                    self._seen = None
                    self._apply(session)
                    covered = set(self._applied)
                name = self.directory.write(*self.index.export(), covered=max(covered, default=0))
                outbox.remove(session, ids=covered)
                session.commit()
            self.index.install(self.directory.load(name))
            self._applied, self._seen = set(), None
            log.info("index snapshot %s published (%d changes)", name, len(covered))
            return name

    def tick(self) -> str | None:
        """What a serving process does every few seconds: look, and publish when enough
        changes wait or the oldest has waited long enough."""
        self.refresh(force=True)
        with self.sessions() as session:
            pending = outbox.pending(session)
        if not pending:
            return None
        waited = (self.clock() - pending[0][3]).total_seconds()
        if len(pending) >= self.publish_after or waited >= self.publish_every_s:
            return self.publish()
        return None

    def _apply(self, session: Session) -> None:
        state = outbox.state(session)
        if state == self._seen:
            return
        fresh = [
            (row_id, workplace_id)
            for row_id, workplace_id, _, _ in outbox.pending(session)
            if row_id not in self._applied
        ]
        for workplace_id in dict.fromkeys(w for _, w in fresh if w is not None):
            stored = workplace_repository.get(session, workplace_id=workplace_id)
            if stored is None:
                self.index.delete(workplace_id)
            else:
                self.index.upsert(workplace_repository.to_domain(stored))
        self._applied.update(row_id for row_id, _ in fresh)
        self._seen = state

    def start(self, interval_s: float) -> None:
        """Tick every `interval_s` seconds in a background thread."""
        self._ticker.start(interval_s)

    def stop(self) -> None:
        self._ticker.stop()
