"""What OpenSearch's answers mean to the service: overload and server errors are outages to
retry, our own mistakes (400, 404) are not; and the client is set up from the URL, of one
node or of several."""

import base64

import pytest
from opensearchpy import exceptions as os_errors

from indexer.backend import BackendUnavailable
from indexer.opensearch_client import IndexMissing, is_outage, make_client, unavailable
from scripts.opensearch_node import OpenSearchNode
from tests.net import free_port


@pytest.mark.parametrize(
    ("status", "outage"),
    [(429, True), (500, True), (503, True), ("N/A", True), (400, False), (404, False)],
)
def test_overload_and_server_errors_are_outages(status: object, outage: bool) -> None:
    assert is_outage(os_errors.TransportError(status, "error", {})) is outage


def test_an_outage_names_the_error_and_a_missing_index_is_one() -> None:
    error = unavailable(os_errors.ConnectionTimeout("TIMEOUT", "read timed out", None))
    assert isinstance(error, BackendUnavailable)
    assert str(error).startswith("OpenSearch: ConnectionTimeout:")
    assert issubclass(IndexMissing, BackendUnavailable)


def test_the_client_uses_tls_and_credentials_when_given() -> None:
    client = make_client(
        "https://search.example:9200", user="matcher", password="pw", timeout=5.0, retries=2
    )
    (connection,) = client.transport.connection_pool.connections
    assert connection.use_ssl and connection.host == "https://search.example:9200"
    assert client.transport.max_retries == 2 and client.transport.retry_on_timeout
    assert connection.timeout == 5.0
    assert (
        connection.headers["authorization"] == "Basic " + base64.b64encode(b"matcher:pw").decode()
    )


def test_a_plain_client_has_no_retries() -> None:
    client = make_client("http://127.0.0.1:9200")
    (connection,) = client.transport.connection_pool.connections
    assert not connection.use_ssl and "authorization" not in connection.headers
    assert client.transport.max_retries == 0 and not client.transport.retry_on_timeout


@pytest.mark.servers
def test_a_cluster_client_goes_on_to_the_next_node_when_one_does_not_answer(
    opensearch_node: OpenSearchNode,
) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    client = make_client(f"{nobody}, {opensearch_node.url}", timeout=2.0)
    hosts = {c.host for c in client.transport.connection_pool.connections}
    assert hosts == {nobody, opensearch_node.url}
    for _ in range(3):  # whichever node the pool picks first
        assert client.cluster.health()["cluster_name"] == "praktikmatch"
