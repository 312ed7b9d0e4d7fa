"""The OpenSearch client and what its errors mean to the service: an outage (503, retried
later) or a missing index."""

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from indexer.backend import BackendUnavailable


class IndexMissing(BackendUnavailable):
    """The alias does not exist: the index was never built, or the server lost it."""


def make_client(
    url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    verify_tls: bool = True,
    ca_certs: str | None = None,
    timeout: float = 2.0,
    retries: int = 0,
) -> OpenSearch:
    """A client of one node or of several (`url`: addresses separated by commas); short
    timeouts and no retries for requests, long ones for reindexing. With several nodes, a
    request that finds a node down goes on to each of the others before it fails."""
    hosts = [host.strip() for host in url.split(",") if host.strip()]
    return OpenSearch(
        hosts=hosts,
        http_auth=(user, password) if user else None,
        use_ssl=url.startswith("https"),
        verify_certs=verify_tls,
        ssl_show_warn=verify_tls,
        ca_certs=ca_certs,
        timeout=timeout,
        max_retries=max(retries, len(hosts) - 1),
        retry_on_timeout=retries > 0,
    )


def unavailable(exc: Exception) -> BackendUnavailable:
    return BackendUnavailable(f"OpenSearch: {type(exc).__name__}: {exc}")


def is_outage(exc: os_errors.TransportError) -> bool:
    """Overload and server errors are outages; other answers (400...) are our mistakes."""
    status = exc.status_code
    return not isinstance(status, int) or status == 429 or status >= 500
