"""Rate limits: at most N events per key in any sliding window; and whom a request comes from.

Kept in the serving process; with several API processes behind a balancer each counts its
own requests, so the effective limit is N per process.
"""

import ipaddress
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def _within(address: str, networks: Sequence[Network]) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in network for network in networks)


def client_address(request: Request, *, trusted_proxies: Sequence[Network]) -> str:
    """The address a request comes from: the peer's, unless the peer is a proxy we trust;
    then the nearest address in X-Forwarded-For that is not one of our proxies. A client
    cannot pick its own address by sending the header: from anyone else it is ignored."""
    peer = request.client.host if request.client else "unknown"
    if not _within(peer, trusted_proxies):
        return peer
    forwarded = [
        part.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for part in header.split(",")
        if part.strip()
    ]
    for address in reversed(forwarded):
        if not _within(address, trusted_proxies):
            # What our own proxy wrote; if it is not an address, count the proxy instead.
            return address if _ip(address) is not None else peer
    return forwarded[0] if forwarded else peer


class SlidingWindowLimiter:
    def __init__(
        self, *, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Count an event; None when it is allowed, else the seconds until one would be."""
        now = self._clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window_s:
                events.popleft()
            if len(events) >= self.limit:
                return events[0] + self.window_s - now
            events.append(now)
            if len(self._events) > 10_000:  # forget idle keys now and then
                self._events = {k: v for k, v in self._events.items() if v}
            return None
