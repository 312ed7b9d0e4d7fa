"""A three-node OpenSearch cluster on loopback, with one replica per shard, that loses a node
(kill -9) while the service writes and answers suggestions. No acknowledged write is lost,
suggestions answer again once the client has moved on to the live nodes, and the cluster is
green again when the node comes back. A full reindex with the alias switch, under load,
fails no request and misses no document. The figures are printed (`pytest -s`)."""

import itertools
import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from api.app import create_app
from api.composition.context import AppContext
from indexer.reconcile import reconcile
from scripts.opensearch_node import OpenSearchNode
from store import outbox
from store import workplaces as workplace_repository
from tests.api import payloads
from tests.auth import StaffClient
from tests.conftest import allow_servers, opensearch_context
from tests.net import free_port

pytestmark = [pytest.mark.servers, pytest.mark.slow]

HEAP = "384m"
NAMES = ("node-1", "node-2", "node-3")
RETRY_WINDOW_S = 10.0
"""How long after the kill suggestions may still fail: the request client's timeout (2 s)
for each node it tries, and the cluster's election of a new manager when the lost node was
it."""


@dataclass
class Cluster:
    homes: list[Path]
    transport: list[int]
    nodes: list[OpenSearchNode] = field(default_factory=list)

    def start(self, index: int) -> OpenSearchNode:
        http_port = self.nodes[index].http_port if len(self.nodes) > index else 0
        node = OpenSearchNode.start(
            self.homes[index],
            name=NAMES[index],
            http_port=http_port,
            transport_port=self.transport[index],
            heap=HEAP,
            seeds=self.transport,
            cluster_managers=list(NAMES),
            wait_for=None,
        )
        if len(self.nodes) > index:
            self.nodes[index] = node
        else:
            self.nodes.append(node)
        return node

    @property
    def url(self) -> str:
        return ",".join(node.url for node in self.nodes)

    def primary_of(self, alias: str) -> int:
        """Which node holds the primary of the alias's shard (the one whose loss matters)."""
        asked = f"{self.nodes[0].url}/_cat/shards/{alias}?format=json"
        with urllib.request.urlopen(asked, timeout=10) as answer:
            shards = json.load(answer)
        [primary] = [s["node"] for s in shards if s["prirep"] == "p"]
        return NAMES.index(primary)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("cluster")
    allow_servers()
    cluster = Cluster([root / name for name in NAMES], [free_port() for _ in NAMES])
    try:
        for index in range(len(NAMES)):
            cluster.start(index)
        cluster.nodes[0].wait("green")
        yield cluster
    finally:
        for node in cluster.nodes:
            node.close()


@pytest.fixture
def context(cluster: Cluster, tmp_path: Path, opensearch_alias: str) -> Iterator[AppContext]:
    with opensearch_context(tmp_path, cluster.url, opensearch_alias) as context:
        yield context


@dataclass
class Load:
    """Writes and suggestions in two threads, each with its own client, until stopped."""

    context: AppContext
    citizen_id: int
    written: list[int] = field(default_factory=list)  # acknowledged workplace ids
    refused_writes: int = 0
    answers: list[tuple[float, bool]] = field(default_factory=list)  # (when, answered)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    @classmethod
    def on(cls, context: AppContext, *, workplaces: int) -> "Load":
        """A load for a new citizen, with that many workplaces written first."""
        with StaffClient(create_app(context)) as client:
            citizen = client.post("/citizens", json=payloads.citizen()).json()
            for number in range(workplaces):
                client.post("/workplaces", json=payloads.workplace(name=f"Før {number}"))
        return cls(context, citizen["id"])

    def run(self, *, write: bool = True) -> None:
        loops: list[Callable[[], None]] = [self._suggest] + ([self._write] if write else [])
        self.threads = [threading.Thread(target=loop, daemon=True) for loop in loops]
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def _write(self) -> None:
        with StaffClient(create_app(self.context)) as client:
            number = 0
            while not self.stop.is_set():
                number += 1
                sent = client.post("/workplaces", json=payloads.workplace(name=f"Last {number}"))
                if sent.status_code == 201:
                    self.written.append(sent.json()["id"])
                else:
                    self.refused_writes += 1
                time.sleep(0.1)

    def _suggest(self) -> None:
        url = f"/citizens/{self.citizen_id}/suggestions"
        with StaffClient(create_app(self.context)) as client:
            while not self.stop.is_set():
                answered = client.get(url).status_code == 200
                self.answers.append((time.monotonic(), answered))
                time.sleep(0.05)

    def failures(self, after: float = 0.0) -> int:
        return sum(1 for when, answered in self.answers if when >= after and not answered)

    def longest_gap(self) -> float:
        """The longest time between two answered suggestion requests."""
        times = [when for when, answered in self.answers if answered]
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


def _pending(context: AppContext) -> int:
    with context.sessions() as session:
        return outbox.pending_count(session)


def _caught_up(context: AppContext) -> None:
    """The relay applies what waits in the outbox (what a write could not index at once),
    change by change: a rebuild from the store would hide a write the index lost."""
    deadline = time.monotonic() + 60
    while _pending(context):
        assert not context.relay.run_once().rebuilt
        assert time.monotonic() < deadline, "the outbox did not empty"
        time.sleep(1)


def _index_equals_store(context: AppContext) -> None:
    with context.sessions() as session:
        assert reconcile(session, context.backend, repair=False).drift == 0


def test_a_node_killed_under_load_loses_no_write_and_the_cluster_heals(
    cluster: Cluster, context: AppContext
) -> None:
    load = Load.on(context, workplaces=20)
    load.run()
    time.sleep(3)
    killed = cluster.primary_of(context.settings.opensearch_alias)
    survivor = cluster.nodes[(killed + 1) % len(NAMES)]
    killed_at = time.monotonic()
    cluster.nodes[killed].kill()
    time.sleep(RETRY_WINDOW_S + 5)
    cluster.start(killed)
    survivor.wait("green")
    green_after = time.monotonic() - killed_at
    time.sleep(2)
    load.finish()
    waiting = _pending(context)
    _caught_up(context)
    with context.sessions() as session:
        stored = {row.id for row in workplace_repository.load_all(session)}
        drift = reconcile(session, context.backend, repair=False).drift
    lost = len(set(load.written) - stored) + drift
    late = load.failures(after=killed_at + RETRY_WINDOW_S)
    print(
        f"\n{NAMES[killed]} (the primary's) killed: {len(load.written)} writes acknowledged "
        f"({waiting} of them indexed later from the outbox), {lost} lost from the store or "
        f"the index, {load.refused_writes} refused; {len(load.answers)} suggestion "
        f"requests, {load.failures()} failed, {late} after the retry window, longest gap "
        f"{load.longest_gap():.1f} s; green again {green_after:.0f} s after the kill"
    )
    assert lost == 0 and load.written
    assert late == 0
    assert load.longest_gap() < RETRY_WINDOW_S


def test_a_reindex_with_the_alias_switch_under_load_fails_nothing(
    cluster: Cluster, context: AppContext
) -> None:
    load = Load.on(context, workplaces=100)
    load.run(write=False)
    time.sleep(1)
    with context.sessions() as session:
        workplaces = list(workplace_repository.load_all(session))
    began = time.monotonic()
    context.backend.rebuild(workplaces, expected=len(workplaces))
    seconds = time.monotonic() - began
    time.sleep(1)
    load.finish()
    print(
        f"\nreindex of {len(workplaces)} workplaces under load: {seconds:.1f} s, "
        f"{len(load.answers)} suggestion requests, {load.failures()} failed"
    )
    assert load.failures() == 0 and len(load.answers) > 10
    _index_equals_store(context)
