"""Rate limits: a sliding window per key, and the client it counts (behind trusted proxies only
the nearest untrusted address in X-Forwarded-For)."""

import pytest
from starlette.requests import Request

from api.auth.limits import SlidingWindowLimiter, client_address
from api.composition.settings import Settings


def test_the_window_slides() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(limit=2, window_s=60, clock=lambda: now[0])
    assert limiter.hit("a") is None and limiter.hit("a") is None
    assert limiter.hit("a") == pytest.approx(60)
    assert limiter.hit("b") is None  # keys are counted apart
    now[0] = 30.0
    assert limiter.hit("a") == pytest.approx(30)
    now[0] = 60.5
    assert limiter.hit("a") is None


def request_from(peer: str, forwarded_for: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded_for.encode())] if forwarded_for else []
    return Request({"type": "http", "client": (peer, 5000), "headers": headers})


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not our proxy: header ignored
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a client's own entry is not used
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two proxies of ours
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", None, "10.0.0.2"),
    ],
)
def test_the_client_address_behind_trusted_proxies(
    peer: str, forwarded_for: str | None, expected: str
) -> None:
    trusted = Settings(trusted_proxies=["10.0.0.0/8"]).trusted_proxies
    assert client_address(request_from(peer, forwarded_for), trusted_proxies=trusted) == expected
