"""Zero-downtime reindex on a real OpenSearch node: switch, refusal, failure, per-item errors."""

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from indexer.opensearch import OpenSearchBackend
from indexer.opensearch_client import make_client
from indexer.opensearch_reindex import ReindexRefused, bulk_index
from matcher.models import Workplace
from scripts.opensearch_node import OpenSearchNode
from tests.factories import workplace
from tests.indexer.test_opensearch import opensearch_backend

pytestmark = pytest.mark.servers


@pytest.fixture
def remote(opensearch_node: OpenSearchNode, opensearch_alias: str) -> OpenSearchBackend:
    return opensearch_backend(opensearch_node, opensearch_alias)


def indices_of(remote: OpenSearchBackend) -> list[str]:
    names = remote.client.indices.get(index=f"{remote.alias}-*")
    return sorted(names)


def behind_alias(remote: OpenSearchBackend) -> list[str]:
    return sorted(remote.client.indices.get_alias(name=remote.alias))


def test_the_alias_moves_to_the_new_index_and_the_old_one_is_dropped(
    remote: OpenSearchBackend,
) -> None:
    remote.rebuild([workplace(1)], expected=1)
    [first] = behind_alias(remote)
    remote.rebuild([workplace(1), workplace(2)], expected=2)
    [second] = behind_alias(remote)
    assert second != first
    assert indices_of(remote) == [second]
    assert remote.count() == 2


def test_a_short_index_is_refused_and_the_alias_left_alone(remote: OpenSearchBackend) -> None:
    workplaces = [workplace(i) for i in range(1, 21)]
    remote.rebuild(workplaces, expected=20)
    [before] = behind_alias(remote)
    with pytest.raises(ReindexRefused, match="fewer than 95% of the 20"):
        remote.rebuild(workplaces[:18], expected=20)  # 90%
    assert behind_alias(remote) == [before]
    assert indices_of(remote) == [before]
    assert remote.count() == 20
    remote.rebuild(workplaces[:19], expected=20)  # 95% is enough
    assert remote.count() == 19


def test_a_failure_while_filling_drops_the_new_index(remote: OpenSearchBackend) -> None:
    remote.rebuild([workplace(1)], expected=1)
    [before] = behind_alias(remote)

    def failing() -> Iterator[Workplace]:
        yield workplace(1)
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError, match="the store went away"):
        remote.rebuild(failing(), expected=1)
    assert behind_alias(remote) == [before]
    assert indices_of(remote) == [before]


def test_documents_the_index_refuses_are_reported_by_id(remote: OpenSearchBackend) -> None:
    # An index whose strict mapping lacks most fields refuses every document.
    index = f"{remote.alias}-narrow"
    remote.client.indices.create(
        index=index,
        body={"mappings": {"dynamic": "strict", "properties": {"function_id": {"type": "long"}}}},
    )
    rule = remote.rules.reasonableness_at(remote.today())
    report = bulk_index(remote.bulk_client, index, [workplace(1), workplace(2)], rule=rule)
    assert report.indexed == 0
    assert sorted(report.failed) == ["10", "20"]
    assert "strict" in report.failed["10"]


def test_progress_is_reported_per_workplace(remote: OpenSearchBackend) -> None:
    done: list[int] = []
    remote.rebuild([workplace(i) for i in range(1, 6)], expected=5, progress=done.append)
    assert sum(done) == 5


class _ThrottlingProxy(ThreadingHTTPServer):
    """Forwards to the server, but answers the first `throttle` bulk requests with 429."""

    daemon_threads = True

    def __init__(self, upstream: str, throttle: int) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream
        self.throttle = throttle
        self.bulk_requests = 0


class _ProxyHandler(BaseHTTPRequestHandler):
    server: _ThrottlingProxy

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if "_bulk" in self.path:
            self.server.bulk_requests += 1
            if self.server.bulk_requests <= self.server.throttle:
                self._answer(429, b'{"error": "too many requests", "status": 429}')
                return
        request = urllib.request.Request(
            self.server.upstream + self.path,
            data=body,
            method=self.command,
            headers={"Content-Type": self.headers.get("Content-Type", "application/json")},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                self._answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            self._answer(error.code, error.read())

    def _answer(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *_args: object) -> None:
        pass


def test_bulk_requests_answered_429_are_retried(
    opensearch_node: OpenSearchNode, opensearch_alias: str
) -> None:
    proxy = _ThrottlingProxy(opensearch_node.url, throttle=2)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        remote = opensearch_backend(opensearch_node, opensearch_alias)
        remote.bulk_client = make_client(f"http://127.0.0.1:{proxy.server_port}", timeout=30)
        assert remote.rebuild([workplace(i) for i in range(1, 4)], expected=3) == 3
        assert proxy.bulk_requests == 3  # two refused, the third went through
    finally:
        proxy.shutdown()
        proxy.server_close()
