"""What the application holds while it runs: a plain container of what
`api.composition.wiring` made from the settings. Each part keeps its own state (the
freshness strategy its index, matching its balance and model, the task queue its Celery
app); reading from the container never maintains anything."""

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.auth.limits import SlidingWindowLimiter
from api.composition.matching import Matching
from api.composition.settings import Settings
from api.serving.queue import TaskQueue
from batch.rerank import RerankEnvironment
from batch.reverse import PoolCache
from indexer.backend import SearchBackend
from indexer.freshness import Freshness
from indexer.keeper import SnapshotKeeper
from indexer.relay import Relay


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    backend: SearchBackend
    relay: Relay
    # How this process keeps the index in step with the store (indexer.freshness).
    freshness: Freshness
    # Reference data, the day, the balance and the learned model: how to match now.
    matching: Matching
    # What batch re-ranking, allocation and training need in this process.
    batch: RerankEnvironment
    # The active citizens as queries for reverse matching.
    pools: PoolCache
    # Where tasks are sent (and, eager, run).
    queue: TaskQueue
    # Per-minute limits, counted in this process.
    login_limiter: SlidingWindowLimiter
    suggestion_limiter: SlidingWindowLimiter
    # With index snapshots: what keeps this process' embedded index in step with them.
    keeper: SnapshotKeeper | None = None

    def close(self) -> None:
        self.engine.dispose()
