"""Building the application context from the settings: the database (migrated), the search
backend the settings name, and the reference data."""

import datetime as dt
import json
from functools import partial

from api.composition.context import AppContext, ReferenceData
from api.composition.settings import Settings
from indexer.backend import SearchBackend
from indexer.embedded import EmbeddedIndex
from indexer.freshness import Freshness, LocalIndex, SharedIndex, SnapshotIndex
from indexer.keeper import SnapshotKeeper
from indexer.opensearch import OpenSearchBackend
from indexer.opensearch_client import make_client
from indexer.relay import Relay
from indexer.snapshot import SnapshotDirectory
from matcher.places import postal_code_centres
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
    keeper = None
    freshness: Freshness
    if isinstance(backend, EmbeddedIndex) and settings.index_snapshots:
        keeper = SnapshotKeeper(
            backend,
            SnapshotDirectory(settings.data_dir / "index"),
            sessions,
            check_s=settings.index_check_s,
        )
        freshness = SnapshotIndex(backend, keeper, serves_index=serves_index)
    elif backend.shared:
        freshness = SharedIndex(backend, relay)
    else:
        freshness = LocalIndex(backend, relay, sessions, serves_index=serves_index)
    context = AppContext(
        settings=settings,
        engine=engine,
        sessions=sessions,
        backend=backend,
        relay=relay,
        reference=ReferenceData(
            postal_codes=postal_code_centres(),
            area=settings.balance_area,
            weights=load_weights(settings),
        ),
        freshness=freshness,
        serves_index=serves_index,
        keeper=keeper,
    )
    context.reload_balance()
    return context
