"""The application as `make run` starts it: made from settings alone, it builds its embedded
index from the store at start-up and stops its relay at shutdown; it starts even while
OpenSearch is down; and a route nobody gave an access policy is closed to everyone."""

import logging
import threading
from pathlib import Path

import pytest

from api.app import create_app
from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from tests.auth import StaffClient, ensure_users
from tests.conftest import TODAY, opensearch_settings
from tests.net import free_port
from tests.stored import matchable


def _relays() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "index-relay" and t.is_alive()}


def test_an_app_from_settings_indexes_the_store_at_start_up(tmp_path: Path) -> None:
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}",
        today=TODAY,
    )
    setup = create_context(settings)
    (citizen_id,) = matchable(setup, citizens=1)
    ensure_users(setup)
    setup.close()
    before = _relays()
    with StaffClient(create_app(settings=settings)) as client:
        (relay,) = _relays() - before
        suggestions = client.get(f"/citizens/{citizen_id}/suggestions")
        assert suggestions.status_code == 200
        assert len(suggestions.json()["items"]) == 3
    assert not relay.is_alive()


@pytest.mark.servers  # it must find the port closed
def test_the_app_starts_while_opensearch_is_down(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = opensearch_settings(
        f"sqlite:///{tmp_path / 'store.sqlite3'}",
        tmp_path,
        f"http://127.0.0.1:{free_port()}",
        "down",
        relay_interval_s=60,
    )
    setup = create_context(settings)
    ensure_users(setup)
    setup.close()
    with caplog.at_level(logging.WARNING), StaffClient(create_app(settings=settings)) as client:
        health = client.get("/health").json()
        assert (health["status"], health["search"]) == ("degraded", "unavailable")
        assert client.get("/workplaces").status_code == 503
    assert "search index not reachable at start-up" in caplog.text


def test_a_route_without_an_access_policy_is_closed_to_everyone(context: AppContext) -> None:
    app = create_app(context)

    @app.get("/forgotten")
    def forgotten() -> dict[str, str]:
        return {"open": "yes"}

    with StaffClient(app) as client:
        response = client.get("/forgotten")
    assert response.status_code == 403
    assert "no access policy" in response.text
