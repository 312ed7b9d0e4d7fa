"""The background rounds: called again and again until stopped, and a failing round does not
end them."""

import logging
import threading

import pytest

from indexer.ticker import Ticker


def test_rounds_go_on_after_a_failure_and_end_when_stopped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []
    third = threading.Event()

    def tick() -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("a bad moment")
        if len(calls) >= 3:
            third.set()

    ticker = Ticker(tick, name="test-ticker", failed="test round failed", join_s=5)
    with caplog.at_level(logging.ERROR):
        ticker.start(0.01)
        assert third.wait(timeout=10)
        ticker.stop()
    done = len(calls)
    assert done >= 3
    assert [r.getMessage() for r in caplog.records] == ["test round failed"]
    assert not any(t.name == "test-ticker" for t in threading.enumerate())
    assert len(calls) == done  # no round after stop
