"""Building the application context from the settings: the database (migrated), the search
backend the settings name and how it is kept fresh, the reference data, the batch environment
and the task queue."""

import datetime as dt
import json
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from api.auth.limits import SlidingWindowLimiter
from api.composition.context import AppContext
from api.composition.matching import Matching
from api.composition.settings import Settings
from api.serving.queue import TaskQueue
from batch.rerank import RerankEnvironment
from batch.retraining import ModelCache
from batch.reverse import PoolCache
from indexer.backend import SearchBackend
from indexer.embedded import EmbeddedIndex
from indexer.freshness import Freshness, LocalIndex, SharedIndex, SnapshotIndex
from indexer.keeper import SnapshotKeeper
from indexer.opensearch import OpenSearchBackend
from indexer.opensearch_client import make_client
from indexer.relay import Relay
from indexer.snapshot import SnapshotDirectory
from matcher.places import postal_code_centres
from matcher.query import citizen_location
from matcher.rules import DEFAULT_RULES
from matcher.weights import DEFAULT_WEIGHTS, ScoringWeights, weights_from_mapping
from store.db import make_engine, make_session_factory
from store.migrate import upgrade


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


def create_context(
    settings: Settings, *, migrate: bool = True, serves_index: bool = True
) -> AppContext:
    """Open the database (migrating it), load reference data; the index is built separately.
    A command that runs beside the server says `serves_index=False`."""
    engine = make_engine(settings.url)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    backend = make_backend(settings)
    relay = Relay(sessions, backend)
    keeper = make_keeper(settings, backend, sessions)
    freshness = make_freshness(backend, relay, keeper, sessions, serves_index=serves_index)
    matching = Matching(
        postal_codes=postal_code_centres(),
        area=settings.balance_area,
        weights=load_weights(settings),
        clock=lambda: settings.today or dt.date.today(),
        models=ModelCache(sessions, check_s=settings.model_check_s),
    )
    with sessions() as session:
        matching.reload_balance(session)
    environment = RerankEnvironment(
        sessions=sessions,
        backend=backend,
        make_query=lambda profile, top_k: matching.query(profile, limit=top_k),
        scoring=matching.scoring,
        refresh_index=freshness.before_batch,
        locate=lambda profile: citizen_location(profile, matching.postal_codes),
        chunk_size=settings.rerank_chunk_size,
        debounce_s=settings.rerank_debounce_s,
        audit_retention=dt.timedelta(days=settings.audit_retention_days),
    )
    return AppContext(
        settings=settings,
        engine=engine,
        sessions=sessions,
        backend=backend,
        relay=relay,
        freshness=freshness,
        matching=matching,
        batch=environment,
        pools=PoolCache(lambda profile: matching.query(profile, limit=1), matching.edition),
        queue=TaskQueue(settings, environment),
        login_limiter=SlidingWindowLimiter(limit=settings.login_rate_per_minute, window_s=60),
        suggestion_limiter=SlidingWindowLimiter(
            limit=settings.suggestion_rate_per_minute, window_s=60
        ),
        keeper=keeper,
    )


def make_keeper(
    settings: Settings, backend: SearchBackend, sessions: sessionmaker[Session]
) -> SnapshotKeeper | None:
    """With index snapshots: what keeps this process' embedded index in step with them."""
    if not (isinstance(backend, EmbeddedIndex) and settings.index_snapshots):
        return None
    return SnapshotKeeper(
        backend,
        SnapshotDirectory(settings.data_dir / "index"),
        sessions,
        check_s=settings.index_check_s,
    )


def make_freshness(
    backend: SearchBackend,
    relay: Relay,
    keeper: SnapshotKeeper | None,
    sessions: sessionmaker[Session],
    *,
    serves_index: bool,
) -> Freshness:
    """How this process keeps its index in step with the store (indexer.freshness)."""
    if keeper is not None:
        return SnapshotIndex(backend, keeper, serves_index=serves_index)
    if backend.shared:
        return SharedIndex(backend, relay)
    return LocalIndex(backend, relay, sessions, serves_index=serves_index)
