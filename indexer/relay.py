"""The relay: applies committed workplace changes from the outbox to the search index.

It applies the *current* state of each changed workplace (reloaded from the store), so the
order of changes and repeating them cannot leave the index wrong, and the backend's versioned
writes keep a slower relay from overwriting a newer state. While the backend is down, rows wait
with exponential backoff; writes to the store go on. When the index is missing (never built, or
a server without persistence restarted) the relay rebuilds it from the store first.
"""

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from indexer.backend import BackendUnavailable, SearchBackend
from indexer.from_store import rebuild_from_store
from indexer.ticker import Ticker
from store import outbox
from store import workplaces as workplace_repository
from store.models import OutboxRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RelayReport:
    applied: int = 0
    rebuilt: bool = False
    postponed: int = 0
    error: str | None = None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Relay:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        backend: SearchBackend,
        *,
        batch: int = 500,
        base_delay_s: float = 1.0,
        max_delay_s: float = 300.0,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.sessions = sessions
        self.backend = backend
        self.batch = batch
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.clock = clock
        self._lock = threading.Lock()
        self._retry_after: dt.datetime | None = None
        self._ticker = Ticker(
            self.run_once, name="index-relay", failed="index relay failed", join_s=10
        )

    def after_commit(self) -> RelayReport | None:
        """Apply what was just committed, unless the backend failed recently (the loop or
        `matcher relay` will retry then)."""
        if self._retry_after is not None and self.clock() < self._retry_after:
            return None
        return self.run_once()

    def run_once(self) -> RelayReport:
        """Apply every due outbox row; returns what happened."""
        with self._lock, self.sessions() as session:
            try:
                report = self._run(session)
            except BackendUnavailable as exc:
                # The backend failed before any row was taken (e.g. checking the index).
                session.rollback()
                rows = outbox.due(session, now=self.clock(), limit=self.batch)
                report = self._postpone(session, rows, str(exc))
            session.commit()
            return report

    def rebuild(self, session: Session) -> int:
        """Rebuild the whole index from the store and forget the rows it covers."""
        covered = outbox.max_id(session)
        count = rebuild_from_store(self.backend, session)
        outbox.remove_up_to(session, up_to_id=covered)
        return count

    def _run(self, session: Session) -> RelayReport:
        rows = outbox.due(session, now=self.clock(), limit=self.batch)
        if any(row.action == outbox.REBUILD for row in rows) or self.backend.needs_rebuild():
            self.rebuild(session)
            session.commit()
            self._retry_after = None
            return RelayReport(rebuilt=True)
        by_workplace: dict[int, list[OutboxRow]] = {}
        for row in rows:
            assert row.workplace_id is not None
            by_workplace.setdefault(row.workplace_id, []).append(row)
        applied = 0
        for workplace_id, changes in by_workplace.items():
            stored = workplace_repository.get(session, workplace_id=workplace_id)
            try:
                if stored is None:
                    self.backend.delete(workplace_id)
                else:
                    self.backend.upsert(workplace_repository.to_domain(stored))
            except BackendUnavailable as exc:
                remaining = [r for w in list(by_workplace)[applied:] for r in by_workplace[w]]
                report = self._postpone(session, remaining, str(exc))
                return RelayReport(applied=applied, postponed=report.postponed, error=report.error)
            outbox.remove_for_workplace(
                session, workplace_id=workplace_id, up_to_id=max(r.id for r in changes)
            )
            applied += 1
        self._retry_after = None
        return RelayReport(applied=applied)

    def _postpone(self, session: Session, rows: list[OutboxRow], error: str) -> RelayReport:
        now = self.clock()
        outbox.postpone(
            session,
            rows=rows,
            now=now,
            error=error,
            base_delay_s=self.base_delay_s,
            max_delay_s=self.max_delay_s,
        )
        self._retry_after = now + dt.timedelta(seconds=self.base_delay_s)
        log.warning("search index unavailable; %d changes wait for the next attempt", len(rows))
        return RelayReport(postponed=len(rows), error=error)

    def start(self, interval_s: float) -> None:
        """Run the relay every `interval_s` seconds in a background thread."""
        self._ticker.start(interval_s)

    def stop(self) -> None:
        self._ticker.stop()
