"""Shared fixtures: databases (SQLite and PostgreSQL), app contexts and HTTP clients."""

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from fastapi.testclient import TestClient
from pytest_socket import enable_socket

from api.app import create_app
from api.auth import passwords
from api.balance import service as balance
from api.composition import demo
from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from fixtures.generate import DATA_DIR
from scripts.opensearch_node import OpenSearchNode
from tests.auth import StaffClient, ensure_users
from tests.postgres import PostgresServer, PostgresUnavailable, reset_schema

# Outside development the service refuses to start without a real secret: the tests (and the
# servers they start) use this one.
os.environ.setdefault("MATCHER_SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnop")
# Functional tests send many requests as one user; the limits have tests of their own.
os.environ.setdefault("MATCHER_SUGGESTION_RATE_PER_MINUTE", "100000")
os.environ.setdefault("MATCHER_LOGIN_RATE_PER_MINUTE", "100000")
# Functional tests ask for a new function's candidates at once; the wait after a change of
# location or accommodations has tests of its own (tests/api/reverse/test_privacy.py).
os.environ.setdefault("MATCHER_REVERSE_SETTLE_HOURS", "0")

# Argon2id with argon2's cheapest parameters in the tests' own processes: the same algorithm
# and code, at a thousandth of the cost (about 0.15 s a hash or check otherwise, and every
# test's context stores five users). Servers and commands the tests start as processes of
# their own hash as the service does; tests/api/auth/test_passwords.py checks those parameters.
passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
passwords._UNKNOWN_USER_HASH = passwords._hasher.hash("no user has this password")

# Every other test runs with network sockets refused (pytest-socket, see pyproject.toml).
NEEDS_SERVERS = ("servers", "postgres", "browser")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(name) for name in NEEDS_SERVERS):
            item.add_marker(pytest.mark.enable_socket)
        # In parallel runs (make test: pytest-xdist, --dist loadgroup) the browser tests on the
        # shared demo server (tests/api/conftest.py) stay on one worker, in their order: they
        # share one server and one Chromium, and some read what earlier ones left on it.
        if "live" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("live"))
        # The schemathesis probes and the test that reads their tally, likewise (the
        # generated tests do not carry the module's marks).
        if item.path.name == "test_schemathesis.py":
            item.add_marker(pytest.mark.xdist_group("schemathesis"))


# Fixed so that balance periods and rules are those of the fixtures, whatever the date.
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the session. Missing PostgreSQL fails the run: the store's
    PostgreSQL path must be tested, not skipped."""
    try:
        server = PostgresServer()
        url = server.start()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    reset_schema(url)
    return url


def make_settings(database_url: str, data_dir: Path) -> Settings:
    return Settings(environment="test", data_dir=data_dir, database_url=database_url, today=TODAY)


@pytest.fixture
def context(database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    """An app context on an empty, migrated database (with the balance table loaded)."""
    context = create_context(make_settings(database_url, tmp_path))
    with (DATA_DIR / "balance.csv").open(encoding="utf-8") as handle:
        balance.import_balance(context, handle)
    ensure_users(context)
    context.freshness.rebuild()
    yield context
    context.engine.dispose()


@pytest.fixture
def client(context: AppContext) -> Iterator[TestClient]:
    """Staff of the south teams (see tests.auth.StaffClient)."""
    with StaffClient(create_app(context)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def demo_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """The demo data on SQLite, loaded once for the read-only end-to-end tests."""
    directory = tmp_path_factory.mktemp("demo")
    context = create_context(make_settings(f"sqlite:///{directory / 'demo.sqlite3'}", directory))
    demo.load_demo(context, DATA_DIR)
    context.freshness.rebuild()
    yield context
    context.engine.dispose()


@pytest.fixture(scope="session")
def demo_client(demo_context: AppContext) -> Iterator[TestClient]:
    """Staff of the south teams on the demo data (see tests.auth.StaffClient)."""
    with StaffClient(create_app(demo_context)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def opensearch_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenSearchNode]:
    """A real OpenSearch node on 127.0.0.1 for the session (each test worker its own), from
    OpenSearch's artifacts on Maven Central (scripts/opensearch_node.py)."""
    allow_servers()
    node = OpenSearchNode.start(tmp_path_factory.mktemp("opensearch"))
    yield node
    node.close()


def allow_servers() -> None:
    """Sockets on, for a fixture wider than a test that starts a server: pytest-socket sets
    them per test in a test's own fixtures, after the wider ones (which a test marked
    `servers` sets up while the previous test's setting, perhaps "off", still holds)."""
    enable_socket()


@pytest.fixture
def opensearch_alias() -> str:
    """A fresh alias per test, so tests sharing the server never see each other's indices."""
    return f"test-{uuid.uuid4().hex[:12]}"


@contextmanager
def opensearch_context(data_dir: Path, url: str, alias: str) -> Iterator[AppContext]:
    """The service on SQLite and OpenSearch at `url` (one node or several), with the
    labour-market balance and the demo users, its index built."""
    context = create_context(
        opensearch_settings(f"sqlite:///{data_dir / 'store.sqlite3'}", data_dir, url, alias)
    )
    try:
        with (DATA_DIR / "balance.csv").open(encoding="utf-8") as handle:
            balance.import_balance(context, handle)
        ensure_users(context)
        assert context.relay.run_once().rebuilt
        yield context
    finally:
        context.close()


def opensearch_settings(
    database_url: str, data_dir: Path, url: str, alias: str, **overrides: object
) -> Settings:
    return Settings(
        environment="test",
        data_dir=data_dir,
        database_url=database_url,
        today=TODAY,
        search_backend="opensearch",
        opensearch_url=url,
        opensearch_alias=alias,
        **overrides,  # type: ignore[arg-type]
    )
