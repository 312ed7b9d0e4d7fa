"""What the application holds while it runs: settings, database, search backend and the
strategy that keeps it fresh, and the reference data the matching reads. A plain container of
what `api.composition.wiring` made from the settings: reading from it never maintains the
index (the freshness strategy does, before a request and in the background)."""

import datetime as dt
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from celery import Celery
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import batch.tasks
from api.auth.limits import SlidingWindowLimiter
from api.composition.settings import Settings
from api.serving.queue import create_celery
from batch.rerank import RerankEnvironment
from batch.retraining import current_model
from batch.reverse import CitizenPool, build_pool
from indexer.backend import SearchBackend
from indexer.freshness import Freshness
from indexer.keeper import SnapshotKeeper
from indexer.relay import Relay
from matcher.balance import BalanceEntry, BalanceTable
from matcher.learning.model import LearnedRanking
from matcher.models import CitizenProfile, Coordinates
from matcher.query import CitizenQuery, SuggestionFilters, build_query, citizen_location
from matcher.rules import DEFAULT_RULES, RuleBook
from matcher.scoring import ScoringContext
from matcher.weights import DEFAULT_WEIGHTS, ScoringWeights
from store import balance as balance_repository
from store import citizens as citizen_repository
from store import learning as learning_repository


@dataclass
class ReferenceData:
    """What matching reads besides the profile and the workplaces: where postal codes lie,
    the weights and rules of scoring, and the labour-market balance (loaded from the store)."""

    postal_codes: Mapping[str, Coordinates]
    area: str
    weights: ScoringWeights = DEFAULT_WEIGHTS
    rules: RuleBook = DEFAULT_RULES
    balance_entries: list[BalanceEntry] = field(default_factory=list)
    _balance: tuple[dt.date, BalanceTable] | None = None

    def balance(self, on: dt.date) -> BalanceTable:
        """The balance in force on a day (built once per day and balance load)."""
        if self._balance is None or self._balance[0] != on:
            self._balance = (on, BalanceTable(self.balance_entries, area=self.area, on=on))
        return self._balance[1]

    def reload_balance(self, session: Session) -> None:
        self.balance_entries = balance_repository.load_all(session)
        self._balance = None


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    backend: SearchBackend
    relay: Relay
    reference: ReferenceData
    # How this process keeps the index in step with the store (indexer.freshness).
    freshness: Freshness
    # An embedded index lives in the process that serves it (the API's): only there do
    # committed changes reach it. A command run beside it leaves them in the outbox for it.
    serves_index: bool = True
    # With index snapshots: what keeps this process' embedded index in step with them.
    keeper: SnapshotKeeper | None = None
    # Per-minute limits, counted in this process (from the settings).
    login_limiter: SlidingWindowLimiter = field(init=False)
    suggestion_limiter: SlidingWindowLimiter = field(init=False)
    _celery: Celery | None = None
    # The learned ranking in use: its version, the model, and when the store was last asked.
    _model: tuple[int | None, LearnedRanking | None] = (None, None)
    _model_checked: float | None = None
    _model_lock: threading.Lock = field(default_factory=threading.Lock)
    # The active citizens as queries for reverse matching, and what they were built from.
    _pool: tuple[tuple[object, ...], CitizenPool] | None = None

    def __post_init__(self) -> None:
        settings = self.settings
        self.login_limiter = SlidingWindowLimiter(limit=settings.login_rate_per_minute, window_s=60)
        self.suggestion_limiter = SlidingWindowLimiter(
            limit=settings.suggestion_rate_per_minute, window_s=60
        )

    @property
    def postal_codes(self) -> Mapping[str, Coordinates]:
        return self.reference.postal_codes

    def today(self) -> dt.date:
        return self.settings.today or dt.date.today()

    def balance(self) -> BalanceTable:
        """The balance in force today."""
        return self.reference.balance(self.today())

    def scoring(self, session: Session | None = None) -> ScoringContext:
        """How to score now. A request gives its own session, so it never holds one
        connection while waiting for a second from the pool."""
        reference = self.reference
        return ScoringContext(
            weights=reference.weights,
            rules=reference.rules,
            on=self.today(),
            model=self.ranking_model(session),
        )

    def ranking_model(self, session: Session | None = None) -> LearnedRanking | None:
        """The learned ranking in use (None: the hand weights). The store is asked which one
        that is at most every `model_check_s` seconds, by one thread at a time (the others
        use the model they have); a model is read only when it changed."""
        now = time.monotonic()
        checked = self._model_checked
        if checked is not None and now - checked < self.settings.model_check_s:
            return self._model[1]
        if not self._model_lock.acquire(blocking=checked is None):
            return self._model[1]  # another thread is asking the store just now
        try:
            if session is None:
                with self.sessions() as own:
                    self._check_model(own)
            else:
                self._check_model(session)
            self._model_checked = now
        finally:
            self._model_lock.release()
        return self._model[1]

    def _check_model(self, session: Session) -> None:
        version = learning_repository.active_version(session)
        if version != self._model[0]:
            self._model = (version, current_model(session))

    def forget_model(self) -> None:
        """Ask the store again on the next request (after this process changed the model)."""
        self._model_checked = None

    def reload_balance(self) -> None:
        with self.sessions() as session:
            self.reference.reload_balance(session)

    def close(self) -> None:
        self.engine.dispose()

    def after_commit(self) -> None:
        """Bring what was just committed to the index (as the freshness strategy does)."""
        self.freshness.after_commit()

    def rebuild_index(self) -> int:
        """Rebuild the search index from the store; how many workplaces it holds. With index
        snapshots: the current version opened (built and published first when there is
        none)."""
        return self.freshness.rebuild()

    def celery(self) -> Celery:
        """This context's Celery app (made current, so tasks send through it). Eager
        execution runs the tasks in this process, with this context."""
        if self._celery is None:
            self._celery = create_celery(self.settings)
        self._celery.set_current()
        if self.settings.tasks_eager:
            # Run here, the tasks score on this process' index: build it from the store first
            # if the store has changed (an import just before a run, as the demo load does).
            batch.tasks.configure(lambda: self.rerank_environment(refresh_index=True))
        return self._celery

    def citizen_query(self, profile: CitizenProfile, *, limit: int) -> CitizenQuery:
        """A citizen's query with the default filters and today's balance."""
        reference = self.reference
        return build_query(
            profile,
            balance=self.balance(),
            weights=reference.weights,
            postal_codes=reference.postal_codes,
            filters=SuggestionFilters(limit=limit),
        )

    def rerank_environment(self, *, refresh_index: bool = False) -> RerankEnvironment:
        """What batch re-ranking needs. A worker keeps its own embedded index current by
        rebuilding it when the store's workplaces changed (`refresh_index`)."""
        reference = self.reference
        return RerankEnvironment(
            sessions=self.sessions,
            backend=self.backend,
            make_query=lambda profile, top_k: self.citizen_query(profile, limit=top_k),
            scoring=self.scoring,
            refresh_index=self.prepare_index if refresh_index else lambda: None,
            locate=lambda profile: citizen_location(profile, reference.postal_codes),
            chunk_size=self.settings.rerank_chunk_size,
            debounce_s=self.settings.rerank_debounce_s,
            audit_retention=dt.timedelta(days=self.settings.audit_retention_days),
        )

    def prepare_index(self) -> None:
        """Make the index answerable in this process: an embedded index is built from the
        store (again only when the store's workplaces changed); a shared one lives on its
        server (a missing one answers 503)."""
        self.freshness.prepare()

    def citizen_pool(self, session: Session) -> CitizenPool:
        """The active citizens as queries for reverse matching: built again only when a
        citizen changed, the day changed or the balance was reloaded."""
        key = (
            citizen_repository.fingerprint(session),
            self.today(),
            id(self.reference.balance_entries),
        )
        if self._pool is None or self._pool[0] != key:
            pool = build_pool(session, lambda profile: self.citizen_query(profile, limit=1))
            self._pool = (key, pool)
        return self._pool[1]
