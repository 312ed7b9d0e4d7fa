"""The socket rule: unit tests cannot reach the network; suites marked as needing servers can."""

import socket

import pytest
from pytest_socket import SocketBlockedError


def test_a_unit_test_cannot_open_a_network_socket() -> None:
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_a_unit_test_may_open_a_unix_socket_pair() -> None:
    # asyncio's event loop (the test client's) wakes itself through one.
    left, right = socket.socketpair()
    left.close()
    right.close()


@pytest.mark.servers
def test_a_suite_marked_servers_may_open_one() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        assert s.getsockname()[1] > 0
