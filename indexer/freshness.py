"""How a process keeps its search index in step with the store: one strategy, chosen once when
the context is wired (api.composition.wiring), so that nothing else asks which kind of index
it has. Reading the index never maintains it: the strategy does, before a request, before
batch work and in the background.

- SharedIndex: OpenSearch, one index for every process. Any process relays what it commits;
  the serving process retries what waits in the background.
- LocalIndex: the embedded index, in the process that serves it. That process relays its
  commits (once its index is built); another process (a command, a batch worker) leaves them
  in the outbox, and builds its own copy from the store when it needs one.
- SnapshotIndex: the embedded index shared through snapshot files. The keeper applies what
  waits, swaps to newer versions and publishes them: before a request (at most every
  `check_s` seconds), after this process' commits, and in the background.
"""

import logging
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from indexer.backend import SearchBackend
from indexer.from_store import rebuild_from_store
from indexer.keeper import SnapshotKeeper
from indexer.reconcile import reconcile
from indexer.relay import Relay, RelayReport
from store import workplaces as workplace_repository

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


class Freshness(Protocol):
    def serve(self, interval_s: float) -> None:
        """Bring the index up to date to start serving, then keep it so in the background."""

    def stop(self) -> None:
        """End the background rounds."""

    def before_request(self, session: Session) -> None:
        """Bring the index up to date before a request reads it (cheap when nothing is due)."""

    def after_commit(self) -> None:
        """Bring this process' commit to the index, where this process keeps one."""

    def rebuild(self) -> int:
        """The index from the store; how many workplaces it holds."""

    def prepare(self) -> None:
        """Make the index answerable in this process (a command, a batch worker)."""

    def before_batch(self) -> None:
        """Make the index current for batch work in this process: where this process keeps it
        (serving, built), what waits is applied; elsewhere the index is prepared."""

    def reindex(self, session: Session, progress: Progress) -> str:
        """`matcher reindex`: the index anew from the store; what was done, in a line."""


class SharedIndex:
    def __init__(self, backend: SearchBackend, relay: Relay) -> None:
        self.backend, self.relay = backend, relay

    def serve(self, interval_s: float) -> None:
        if self.relay.run_once().error:
            log.warning("search index not reachable at start-up; the relay keeps trying")
        self.relay.start(interval_s)

    def stop(self) -> None:
        self.relay.stop()

    def before_request(self, session: Session) -> None:
        return None

    def after_commit(self) -> None:
        self.relay.after_commit()

    def rebuild(self) -> int:
        with self.relay.sessions() as session:
            count = self.relay.rebuild(session)
            session.commit()
        return count

    def prepare(self) -> None:
        return None  # it lives on its server (a missing one answers 503)

    def before_batch(self) -> None:
        return None  # every process' commits reach it

    def reindex(self, session: Session, progress: Progress) -> str:
        indexed = rebuild_from_store(self.backend, session, progress=progress)
        # Changes committed while the new index was filled went to the old one: repair.
        return f"indexed {indexed} workplaces; {reconcile(session, self.backend).summary()}"

    def relay_once(self) -> RelayReport:
        return self.relay.run_once()


class LocalIndex(SharedIndex):
    def __init__(
        self,
        backend: SearchBackend,
        relay: Relay,
        sessions: sessionmaker[Session],
        *,
        serves_index: bool,
    ) -> None:
        super().__init__(backend, relay)
        self.sessions = sessions
        self.serves_index = serves_index
        self._fingerprint: tuple[object, ...] | None = None

    def serve(self, interval_s: float) -> None:
        self.rebuild()
        self.relay.start(interval_s)

    def after_commit(self) -> None:
        # Building it belongs to starting to serve, not to a commit: an import before that
        # leaves its changes in the outbox, which the build covers.
        if self.serves_index and not self.backend.needs_rebuild():
            self.relay.after_commit()

    def prepare(self) -> None:
        """Built from the store, again only when the store's workplaces changed."""
        with self.sessions() as session:
            fingerprint = workplace_repository.fingerprint(session)
            if fingerprint != self._fingerprint:
                rebuild_from_store(self.backend, session)
                self._fingerprint = fingerprint

    def before_batch(self) -> None:
        if self.serves_index and not self.backend.needs_rebuild():
            self.relay.run_once()  # what a command beside this process left waiting
        else:
            self.prepare()


class SnapshotIndex:
    def __init__(
        self, backend: SearchBackend, keeper: SnapshotKeeper, *, serves_index: bool
    ) -> None:
        self.backend, self.keeper, self.serves_index = backend, keeper, serves_index

    def serve(self, interval_s: float) -> None:
        self.keeper.refresh(force=True)
        self.keeper.start(interval_s)

    def stop(self) -> None:
        self.keeper.stop()

    def before_request(self, session: Session) -> None:
        if self.serves_index:
            self.keeper.refresh(session=session)

    def after_commit(self) -> None:
        if self.serves_index and not self.backend.needs_rebuild():
            self.keeper.refresh(force=True)

    def rebuild(self) -> int:
        self.keeper.refresh(force=True)
        return self.backend.count()

    def prepare(self) -> None:
        self.keeper.refresh(force=True)

    def before_batch(self) -> None:
        if self.serves_index and not self.backend.needs_rebuild():
            self.keeper.refresh()
        else:
            self.prepare()

    def reindex(self, session: Session, progress: Progress) -> str:
        name = self.keeper.publish(rebuild=True)
        return f"indexed {self.backend.count()} workplaces; snapshot {name} published"
