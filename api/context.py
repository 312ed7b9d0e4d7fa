"""What the application holds while it runs: settings, database, search backend, reference data."""

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import partial

from celery import Celery
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import indexer.tasks
from api.auth.limits import SlidingWindowLimiter
from api.settings import Settings
from fixtures.generate import postal_codes
from indexer.backend import SearchBackend
from indexer.embedded import EmbeddedIndex
from indexer.opensearch import OpenSearchBackend, make_client
from indexer.relay import Relay
from indexer.rerank import RerankEnvironment
from matcher.balance import BalanceEntry, BalanceTable
from matcher.models import Coordinates
from matcher.query import SuggestionFilters, build_query, citizen_location
from matcher.rules import DEFAULT_RULES, RuleBook
from matcher.scoring import ScoringContext
from matcher.weights import DEFAULT_WEIGHTS, ScoringWeights, weights_from_mapping
from store import balance as balance_repository
from store import workplaces as workplace_repository
from store.db import make_engine, make_session_factory
from store.migrate import upgrade


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    backend: SearchBackend
    relay: Relay
    postal_codes: dict[str, Coordinates]
    weights: ScoringWeights = DEFAULT_WEIGHTS
    rules: RuleBook = DEFAULT_RULES
    balance_entries: list[BalanceEntry] = field(default_factory=list)
    # Per-minute limits, counted in this process (from the settings).
    login_limiter: SlidingWindowLimiter = field(init=False)
    suggestion_limiter: SlidingWindowLimiter = field(init=False)
    _index_fingerprint: tuple[object, ...] | None = None
    _celery: Celery | None = None
    _balance: tuple[dt.date, BalanceTable] | None = None

    def __post_init__(self) -> None:
        settings = self.settings
        self.login_limiter = SlidingWindowLimiter(limit=settings.login_rate_per_minute, window_s=60)
        self.suggestion_limiter = SlidingWindowLimiter(
            limit=settings.suggestion_rate_per_minute, window_s=60
        )

    def today(self) -> dt.date:
        return self.settings.today or dt.date.today()

    def balance(self) -> BalanceTable:
        """The balance in force today (built once per day and balance load)."""
        today = self.today()
        if self._balance is None or self._balance[0] != today:
            table = BalanceTable(self.balance_entries, area=self.settings.balance_area, on=today)
            self._balance = (today, table)
        return self._balance[1]

    def scoring(self) -> ScoringContext:
        return ScoringContext(weights=self.weights, rules=self.rules, on=self.today())

    def reload_balance(self) -> None:
        with self.sessions() as session:
            self.balance_entries = balance_repository.load_all(session)
        self._balance = None

    def close(self) -> None:
        self.engine.dispose()

    def rebuild_index(self) -> int:
        """Rebuild the search index from the store (the relay forgets the changes it covers);
        returns how many workplaces it holds."""
        with self.sessions() as session:
            count = self.relay.rebuild(session)
            session.commit()
        return count

    def celery(self) -> Celery:
        """This context's Celery app (made current, so tasks send through it). Eager
        execution runs the tasks in this process, with this context."""
        if self._celery is None:
            from api.worker import create_celery

            self._celery = create_celery(self.settings)
        self._celery.set_current()
        if self.settings.tasks_eager:
            # Run here, the tasks score on this process' index: build it from the store first
            # if the store has changed (an import just before a run, as the demo load does).
            indexer.tasks.configure(lambda: self.rerank_environment(refresh_index=True))
        return self._celery

    def rerank_environment(self, *, refresh_index: bool = False) -> RerankEnvironment:
        """What batch re-ranking needs. A worker keeps its own embedded index current by
        rebuilding it when the store's workplaces changed (`refresh_index`)."""
        return RerankEnvironment(
            sessions=self.sessions,
            backend=self.backend,
            make_query=lambda profile, top_k: build_query(
                profile,
                balance=self.balance(),
                weights=self.weights,
                postal_codes=self.postal_codes,
                filters=SuggestionFilters(limit=top_k),
            ),
            scoring=self.scoring,
            refresh_index=self._refresh_local_index if refresh_index else lambda: None,
            locate=lambda profile: citizen_location(profile, self.postal_codes),
            chunk_size=self.settings.rerank_chunk_size,
            debounce_s=self.settings.rerank_debounce_s,
            audit_retention=dt.timedelta(days=self.settings.audit_retention_days),
        )

    def _refresh_local_index(self) -> None:
        if not isinstance(self.backend, EmbeddedIndex):
            return
        with self.sessions() as session:
            fingerprint = workplace_repository.fingerprint(session)
            if fingerprint != self._index_fingerprint:
                self.backend.rebuild(workplace_repository.load_all(session))
                self._index_fingerprint = fingerprint

    def relay_shared_index(self) -> None:
        """After a write outside the serving process: apply it to a shared index now. An
        embedded index belongs to the serving process, whose relay picks the change up."""
        if not isinstance(self.backend, EmbeddedIndex):
            self.relay.run_once()

    def prepare_index(self) -> None:
        """Make the index answerable in this process: the embedded index is built from the
        store; OpenSearch's lives on the server (a missing one answers 503)."""
        self._refresh_local_index()


def load_weights(settings: Settings) -> ScoringWeights:
    if settings.weights_file is None:
        return DEFAULT_WEIGHTS
    return weights_from_mapping(json.loads(settings.weights_file.read_text(encoding="utf-8")))


def make_backend(settings: Settings) -> SearchBackend:
    """The search backend the settings name."""
    if settings.search_backend == "embedded":
        return EmbeddedIndex()
    password = settings.opensearch_password
    client = partial(
        make_client,
        settings.opensearch_url,
        user=settings.opensearch_user,
        password=password.get_secret_value() if password else None,
        verify_tls=settings.opensearch_verify_tls,
        ca_certs=str(settings.opensearch_ca_certs) if settings.opensearch_ca_certs else None,
    )
    return OpenSearchBackend(
        client=client(timeout=settings.opensearch_timeout_s),
        bulk_client=client(timeout=settings.opensearch_reindex_timeout_s, retries=3),
        alias=settings.opensearch_alias,
        rules=DEFAULT_RULES,
        today=lambda: settings.today or dt.date.today(),
        candidates=settings.opensearch_candidates,
    )


def create_context(settings: Settings, *, migrate: bool = True) -> AppContext:
    """Open the database (migrating it), load reference data; the index is built separately."""
    engine = make_engine(settings.url)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    backend = make_backend(settings)
    context = AppContext(
        settings=settings,
        engine=engine,
        sessions=sessions,
        backend=backend,
        relay=Relay(sessions, backend),
        postal_codes={
            code: Coordinates(lat, lon) for code, (_, lat, lon) in postal_codes().items()
        },
        weights=load_weights(settings),
    )
    context.reload_balance()
    return context
