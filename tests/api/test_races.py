"""Concurrent writers against a served app, on SQLite and PostgreSQL: exactly one wins, the
others are told 409 (never 500), and what is stored counts the winner once."""

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from api.app import create_app
from api.composition.context import AppContext
from store.models import CitizenRow, FollowUpRow, NotificationRow, PlacementRow
from tests.api import payloads
from tests.auth import CONSULTANT, COORDINATOR, bearer
from tests.net import served

pytestmark = [pytest.mark.slow, pytest.mark.servers]

WRITERS = 20


@pytest.fixture
def base_url(context: AppContext) -> Iterator[str]:
    with served(create_app(context)) as base:
        yield base


def all_at_once(count: int, send: Callable[[httpx.Client, int], httpx.Response]) -> list[int]:
    """Send `count` requests from as many threads, released together; their status codes."""
    start = threading.Barrier(count)

    def one(index: int) -> httpx.Response:
        with httpx.Client(timeout=60) as http:
            start.wait()
            return send(http, index)

    with ThreadPoolExecutor(count) as pool:
        answers = list(pool.map(one, range(count)))
    return [answer.status_code for answer in answers]


class TestConcurrentEdits:
    def test_updates_of_one_workplace_at_one_version_let_exactly_one_through(
        self, base_url: str
    ) -> None:
        headers = bearer(base_url, COORDINATOR)
        created = httpx.post(f"{base_url}/workplaces", json=payloads.workplace(), headers=headers)
        read = httpx.get(f"{base_url}/workplaces/{created.json()['id']}", headers=headers).json()
        url = f"{base_url}/workplaces/{read['id']}"

        statuses = all_at_once(
            WRITERS,
            lambda http, i: http.put(url, json={**read, "name": f"Navn {i}"}, headers=headers),
        )

        assert Counter(statuses) == {200: 1, 409: WRITERS - 1}
        stored = httpx.get(url, headers=headers).json()
        assert stored["version"] == read["version"] + 1
        assert stored["name"].startswith("Navn ")

    def test_updates_of_one_citizen_at_one_version_let_exactly_one_through(
        self, base_url: str
    ) -> None:
        headers = bearer(base_url, CONSULTANT)
        created = httpx.post(
            f"{base_url}/citizens", json=payloads.citizen(), headers=headers
        ).json()
        url = f"{base_url}/citizens/{created['id']}"

        statuses = all_at_once(
            WRITERS,
            lambda http, i: http.put(
                url, json={**created, "skills": [f"evne {i}"]}, headers=headers
            ),
        )

        assert Counter(statuses) == {200: 1, 409: WRITERS - 1}
        stored = httpx.get(url, params={"purpose": "case_work"}, headers=headers).json()
        assert stored["version"] == created["version"] + 1

    def test_creates_with_one_reference_make_one_citizen(
        self, base_url: str, context: AppContext
    ) -> None:
        headers = bearer(base_url, CONSULTANT)
        body = payloads.citizen(reference="JC-RACE-ONE")

        statuses = all_at_once(
            WRITERS, lambda http, i: http.post(f"{base_url}/citizens", json=body, headers=headers)
        )

        assert Counter(statuses) == {201: 1, 409: WRITERS - 1}
        with context.sessions() as session:
            count = session.scalar(
                select(func.count()).where(CitizenRow.reference == "JC-RACE-ONE")
            )
        assert count == 1


def _started(base_url: str, placement_id: int, headers: dict[str, str]) -> None:
    """Agree the course and start it: only a started course has an outcome."""
    for status in ("agreed", "started"):
        moved = httpx.post(
            f"{base_url}/placements/{placement_id}/status",
            json={"status": status},
            headers=headers,
        )
        assert moved.status_code == 200, moved.text


def _started_course(
    base_url: str, consultant: dict[str, str], coordinator: dict[str, str], reference: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new workplace, and a started course there for a new citizen."""
    workplace = httpx.post(
        f"{base_url}/workplaces", json=payloads.workplace(), headers=coordinator
    ).json()
    citizen = httpx.post(
        f"{base_url}/citizens", json=payloads.citizen(reference=reference), headers=consultant
    ).json()
    placement = httpx.post(
        f"{base_url}/citizens/{citizen['id']}/placements",
        json={"workplace_id": workplace["id"]},
        headers=consultant,
    ).json()
    _started(base_url, placement["id"], consultant)
    return workplace, placement


class TestConcurrentOutcomes:
    def test_an_outcome_is_recorded_once_and_counted_once(self, base_url: str) -> None:
        consultant, coordinator = bearer(base_url, CONSULTANT), bearer(base_url, COORDINATOR)
        workplace, placement = _started_course(base_url, consultant, coordinator, "JC-RACE-OUT")
        outcomes = ["paid_hours", "ended_early"]

        statuses = all_at_once(
            WRITERS,
            lambda http, i: http.post(
                f"{base_url}/placements/{placement['id']}/outcome",
                json={"outcome": outcomes[i % 2]}
                | ({"reason": "health"} if outcomes[i % 2] == "ended_early" else {}),
                headers=consultant,
            ),
        )

        assert Counter(statuses) == {200: 1, 409: WRITERS - 1}
        stored = httpx.get(f"{base_url}/workplaces/{workplace['id']}", headers=coordinator).json()
        before = workplace["record"]
        assert stored["record"]["placements"] == before["placements"] + 1
        listed = httpx.get(
            f"{base_url}/citizens/{placement['citizen_id']}/placements",
            params={"purpose": "case_work"},
            headers=consultant,
        ).json()
        (ended,) = listed
        good = 1 if ended["outcome"] == "paid_hours" else 0
        assert stored["record"]["good_outcomes"] == before["good_outcomes"] + good

    def test_outcomes_of_different_placements_at_one_workplace_all_count(
        self, base_url: str
    ) -> None:
        consultant = bearer(base_url, CONSULTANT)
        coordinator = bearer(base_url, COORDINATOR)
        workplace = httpx.post(
            f"{base_url}/workplaces", json=payloads.workplace(), headers=coordinator
        ).json()
        placement_ids = []
        for number in range(8):
            citizen = httpx.post(
                f"{base_url}/citizens",
                json=payloads.citizen(reference=f"JC-RACE-{'abcdefgh'[number]}"),
                headers=consultant,
            ).json()
            placement_ids.append(
                httpx.post(
                    f"{base_url}/citizens/{citizen['id']}/placements",
                    json={"workplace_id": workplace["id"]},
                    headers=consultant,
                ).json()["id"]
            )
            _started(base_url, placement_ids[-1], consultant)

        statuses = all_at_once(
            len(placement_ids),
            lambda http, i: http.post(
                f"{base_url}/placements/{placement_ids[i]}/outcome",
                json={"outcome": "paid_hours"},
                headers=consultant,
            ),
        )

        assert statuses == [200] * len(placement_ids)
        stored = httpx.get(f"{base_url}/workplaces/{workplace['id']}", headers=coordinator).json()
        assert stored["record"]["placements"] == workplace["record"]["placements"] + 8

    def test_an_outcome_undone_at_once_by_many_leaves_the_record_once(self, base_url: str) -> None:
        consultant, coordinator = bearer(base_url, CONSULTANT), bearer(base_url, COORDINATOR)
        workplace, placement = _started_course(base_url, consultant, coordinator, "JC-RACE-UNDO")
        httpx.post(
            f"{base_url}/placements/{placement['id']}/outcome",
            json={"outcome": "paid_hours"},
            headers=consultant,
        ).raise_for_status()

        statuses = all_at_once(
            WRITERS,
            lambda http, i: http.post(
                f"{base_url}/placements/{placement['id']}/undo", headers=consultant
            ),
        )

        # The first takes the outcome back; the rest find the next change (started) or the
        # one after (agreed) to undo, or lose the race: never the outcome twice.
        assert statuses.count(200) >= 1 and set(statuses) <= {200, 409}
        stored = httpx.get(f"{base_url}/workplaces/{workplace['id']}", headers=coordinator).json()
        assert stored["record"] == workplace["record"]


class TestDoubleSubmits:
    def test_one_follow_up_posted_many_times_at_once_is_stored_once(
        self, context: AppContext, base_url: str
    ) -> None:
        consultant, coordinator = bearer(base_url, CONSULTANT), bearer(base_url, COORDINATOR)
        _, placement = _started_course(base_url, consultant, coordinator, "JC-RACE-FOLLOW")
        url = f"{base_url}/placements/{placement['id']}"
        planned = httpx.put(f"{url}/plan", json=payloads.plan(version=None), headers=consultant)
        assert planned.status_code == 200, planned.text
        entry = {"held_on": "2026-11-16", "hours_per_week": 12, "works": "Sorteringen"}

        statuses = all_at_once(
            WRITERS, lambda http, i: http.post(f"{url}/follow-ups", json=entry, headers=consultant)
        )

        assert Counter(statuses) == {201: 1, 200: WRITERS - 1}, statuses
        with context.sessions() as session:
            stored = session.scalars(
                select(FollowUpRow).where(FollowUpRow.placement_id == placement["id"])
            ).all()
        assert [(f.held_on.isoformat(), f.hours_per_week) for f in stored] == [("2026-11-16", 12)]
        other = httpx.post(
            f"{url}/follow-ups", json={**entry, "hours_per_week": 14}, headers=consultant
        )
        assert other.status_code == 409 and "already recorded" in other.json()["detail"]

    def test_one_card_notified_many_times_at_once_makes_one_notification_and_one_contact(
        self, context: AppContext, base_url: str
    ) -> None:
        consultant, coordinator = bearer(base_url, CONSULTANT), bearer(base_url, COORDINATOR)
        for n in range(5):  # five alike: their cards show (k = 5)
            made = httpx.post(
                f"{base_url}/citizens",
                json=payloads.citizen(reference=f"JC-RACE-CARD-{n}"),
                headers=consultant,
            )
            assert made.status_code == 201, made.text
        workplace = httpx.post(
            f"{base_url}/workplaces", json=payloads.workplace(), headers=coordinator
        ).json()
        function_id = workplace["functions"][0]["id"]
        found = httpx.get(
            f"{base_url}/workplaces/{workplace['id']}/functions/{function_id}/candidates",
            params={"purpose": "matching"},
            headers=coordinator,
        ).json()
        token = found["candidates"][0]["token"]

        statuses = all_at_once(
            WRITERS,
            lambda http, i: http.post(
                f"{base_url}/candidate-cards/{token}/notify", headers=coordinator
            ),
        )

        assert Counter(statuses) == {201: 1, 200: WRITERS - 1}, statuses
        with context.sessions() as session:
            assert session.scalar(select(func.count()).select_from(NotificationRow)) == 1
        (notification,) = httpx.get(
            f"{base_url}/notifications", params={"purpose": "matching"}, headers=consultant
        ).json()
        proposals = all_at_once(
            WRITERS,
            lambda http, i: http.post(
                f"{base_url}/notifications/{notification['id']}/decision",
                json={"decision": "propose"},
                headers=consultant,
            ),
        )
        assert Counter(proposals)[200] == 1, proposals
        with context.sessions() as session:
            assert session.scalar(select(func.count()).select_from(PlacementRow)) == 1
