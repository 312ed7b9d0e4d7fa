"""A course after the contact, through the API: a draft plan filled from what is known, a
plan saved only when the rules allow it (each refused field named, nothing stored), a plan
changed meanwhile not overwritten, follow-ups on a running course, the follow-ups due this
week, the status months after the end; each audited for the citizen."""

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.app import create_app
from api.composition.context import AppContext
from store.models import AuditRow, PlacementRow, PlanRow
from tests.api import payloads
from tests.auth import CONSULTANT, web_client

CONTACT = {"name": "Mette Holm", "phone": "+45 33 12 34 56", "email": "mette@genbrug.example"}


def _contacted(client: TestClient, **workplace: Any) -> tuple[int, dict[str, Any], int]:
    """A new citizen (sick-listed, 10-15 hours, no heavy lifting hard, gradual ramp soft), a
    workplace with a sorting function, and the contact naming that function."""
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    body = client.post("/workplaces", json=payloads.workplace(contact=CONTACT, **workplace)).json()
    placement = client.post(
        f"/citizens/{citizen['id']}/placements",
        json={"workplace_id": body["id"], "function_id": body["functions"][0]["id"]},
    ).json()
    return citizen["id"], body, placement["id"]


def _move(client: TestClient, placement_id: int, *statuses: str) -> None:
    for status in statuses:
        moved = client.post(f"/placements/{placement_id}/status", json={"status": status})
        assert moved.status_code == 200, moved.text


def test_a_draft_is_filled_from_the_suggestions_facts(client: TestClient) -> None:
    _, workplace, placement_id = _contacted(client)
    draft = client.get(f"/placements/{placement_id}/plan/draft")
    assert draft.status_code == 200, draft.text
    plan = draft.json()
    assert plan["version"] is None and plan["problems"] == []
    assert plan["tasks"] == workplace["functions"][0]["tasks"]
    assert plan["placement_type"] == "internship"  # the first the citizen and function share
    # Sick-listed: 13 weeks of praktik; the next Monday a week after the day (2026-11-22).
    assert (plan["weeks"], plan["max_weeks"], plan["start_date"]) == (13, 13, "2026-11-30")
    assert plan["end_date"] == "2027-02-28"
    # The citizen's 10-15 hours within the function's 8-30, +2 every second week.
    assert (plan["start_hours"], plan["target_hours"]) == (10, 15)
    assert [(s["week"], s["hours"]) for s in plan["schedule"]] == [
        (1, 10),
        (3, 12),
        (5, 14),
        (7, 15),
    ]
    # The needs the workplace (mentor) and function (no heavy lifting) meet; gradual ramp not.
    assert plan["accommodations"] == ["no_heavy_lifting"]
    assert plan["contact_person"] == "Mette Holm"
    assert plan["follow_up_dates"][0] == "2026-12-14"
    assert (plan["paid_hours_week"], plan["paid_hours_date"]) == (7, "2027-01-11")
    assert client.get(f"/placements/{placement_id}/plan").status_code == 404  # not saved


def test_a_plan_the_rules_refuse_is_not_saved_and_each_field_is_named(
    client: TestClient,
) -> None:
    # 14 ordinary employees: room for 2 in praktik and wage subsidy; 2 are taken.
    citizen_id, workplace, placement_id = _contacted(client, current_subsidised_placements=2)
    draft = client.get(f"/placements/{placement_id}/plan/draft").json()
    assert [p["field"] for p in draft["problems"]] == ["start_date"]
    refused = client.put(
        f"/placements/{placement_id}/plan", json=payloads.plan(weeks=14, paid_hours_week=15)
    )
    assert refused.status_code == 422
    fields = [d["field"] for d in refused.json()["detail"]]
    assert fields == ["weeks", "start_date", "paid_hours_week"]
    assert "13 weeks" in refused.json()["detail"][0]["reason"]
    assert client.get(f"/placements/{placement_id}/plan").status_code == 404
    # Paid hours are an ordinary wage: neither the praktik cap nor the rule binds them.
    saved = client.put(
        f"/placements/{placement_id}/plan",
        json=payloads.plan(placement_type="paid_hours", weeks=14),
    )
    assert saved.status_code == 200, saved.text
    # A praktik at the citizen's most recent employer is refused.
    body = client.get(f"/citizens/{citizen_id}").json()
    body["most_recent_employer_id"] = workplace["id"]
    assert client.put(f"/citizens/{citizen_id}", json=body).status_code == 200
    again = client.put(f"/placements/{placement_id}/plan", json=payloads.plan(version=1))
    assert [d["field"] for d in again.json()["detail"]] == ["placement_type", "start_date"]
    # Once the course runs, its own place is one of those taken: the rule no longer asks.
    _move(client, placement_id, "agreed", "started")
    running = client.put(f"/placements/{placement_id}/plan", json=payloads.plan(version=1))
    assert [d["field"] for d in running.json()["detail"]] == ["placement_type"]


def test_a_plan_changed_meanwhile_is_not_overwritten(client: TestClient) -> None:
    _, _, placement_id = _contacted(client)
    url = f"/placements/{placement_id}/plan"
    first = client.put(url, json=payloads.plan())
    assert first.status_code == 200 and first.json()["version"] == 1
    assert first.json()["consultant"] == "konsulent.syd"
    second_new = client.put(url, json=payloads.plan(goals="Stabilt fremmøde"))
    assert second_new.status_code == 409
    changed = client.put(url, json=payloads.plan(version=1, goals="Stabilt fremmøde"))
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.put(url, json=payloads.plan(version=1, weeks=8))
    assert stale.status_code == 409 and "version 2, you sent 1" in stale.json()["detail"]
    stored = client.get(url).json()
    assert (stored["goals"], stored["weeks"]) == ("Stabilt fremmøde", 13)


def test_follow_ups_on_a_running_course_and_the_weeks_list(
    context: AppContext, client: TestClient
) -> None:
    citizen_id, _, placement_id = _contacted(client)
    assert client.put(f"/placements/{placement_id}/plan", json=payloads.plan()).status_code == 200
    url = f"/placements/{placement_id}/follow-ups"
    entry = {"held_on": "2026-11-16", "hours_per_week": 12, "works": "Sorteringen"}
    not_started = client.post(url, json=entry)
    assert not_started.status_code == 409 and "only a running placement" in not_started.text
    _move(client, placement_id, "agreed", "started")
    # Started 2026-11-02, every second week: due 2026-11-16, overdue on 2026-11-22.
    due = client.get("/follow-ups/due").json()
    assert [(d["placement_id"], d["due_on"], d["overdue"]) for d in due] == [
        (placement_id, "2026-11-16", True)
    ]
    assert due[0]["citizen_reference"] == "JC-TEST-0001"
    added = client.post(url, json=entry)
    assert added.status_code == 201, added.text
    assert [f["hours_per_week"] for f in added.json()["follow_ups"]] == [12]
    # Next due 2026-11-30: after this week (Sunday 2026-11-22).
    assert client.get("/follow-ups/due").json() == []
    for wrong, field in (
        ({"held_on": "2026-11-23"}, "held_on"),  # the future
        ({"held_on": "2026-10-30"}, "held_on"),  # before the plan's start
        ({"hours_per_week": 40}, "hours_per_week"),
        ({"works": "cpr 010190-1234"}, "works"),
    ):
        refused = client.post(url, json=entry | wrong)
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == field
    # The undo of the start would strand the follow-up: refused.
    assert client.post(f"/placements/{placement_id}/undo").status_code == 409
    with context.sessions() as session:
        actions = session.scalars(
            select(AuditRow.action).where(AuditRow.citizen_id == citizen_id)
        ).all()
    assert {"plan", "follow_up", "list"} <= set(actions)


def test_the_status_after_the_end_is_recorded_once_its_time_has_come(
    context: AppContext, client: TestClient
) -> None:
    _, workplace, placement_id = _contacted(client)
    url = f"/placements/{placement_id}/statuses-after"
    _move(client, placement_id, "agreed", "started")
    early = client.post(url, json={"months": 1, "status": "paid_hours"})
    assert early.status_code == 409
    ended = client.post(f"/placements/{placement_id}/outcome", json={"outcome": "paid_hours"})
    assert ended.status_code == 200
    not_yet = client.post(url, json={"months": 1, "status": "paid_hours"})
    assert not_yet.status_code == 422 and not_yet.json()["detail"][0]["field"] == "months"
    with context.sessions.begin() as session:  # the course ended in August
        session.execute(
            update(PlacementRow)
            .where(PlacementRow.id == placement_id)
            .values(ended_at=dt.datetime(2026, 8, 10, 12, tzinfo=dt.UTC))
        )
    three = client.post(url, json={"months": 3, "status": "ordinary_job"})
    assert three.status_code == 201, three.text
    assert [(s["months"], s["status"]) for s in three.json()["statuses_after"]] == [
        (3, "ordinary_job")
    ]
    again = client.post(url, json={"months": 3, "status": "education"})
    assert again.status_code == 409
    assert client.post(url, json={"months": 6, "status": "education"}).status_code == 422
    assert client.post(url, json={"months": 2, "status": "education"}).status_code == 422
    # The end has a status after it: undoing it is refused, the record keeps the outcome.
    assert client.post(f"/placements/{placement_id}/undo").status_code == 409
    record = client.get(f"/workplaces/{workplace['id']}").json()["record"]
    assert record["paid_hours_outcomes"] == 3


def test_plan_start_dates_outside_a_year_of_today_or_before_the_rules_are_refused_by_name(
    client: TestClient,
) -> None:
    _, _, placement_id = _contacted(client)
    url = f"/placements/{placement_id}/plan"
    # Today is 2026-11-22; the rules are in force from 2019-01-01.
    for start, reason in (
        ("2018-12-31", "no programme rules are in force before 2019-01-01"),
        ("0001-01-01", "no programme rules are in force before 2019-01-01"),
        ("2025-11-20", "more than a year ago"),
        ("2027-11-24", "more than a year ahead"),
        ("9999-12-20", "more than a year ahead"),
        ("9999-12-31", "more than a year ahead"),
    ):
        refused = client.put(url, json=payloads.plan(start_date=start))
        assert refused.status_code == 422, (start, refused.text)
        (problem,) = refused.json()["detail"]
        assert problem["field"] == "start_date" and reason in problem["reason"], start
    assert client.get(url).status_code == 404  # nothing stored
    saved = client.put(
        url, json=payloads.plan(start_date="2027-11-22", placement_type="paid_hours")
    )
    assert saved.status_code == 200, saved.text


def test_a_plan_stored_far_ahead_before_dates_were_bounded_does_not_break_the_follow_up_list(
    context: AppContext, client: TestClient
) -> None:
    _, _, placement_id = _contacted(client)
    assert client.put(f"/placements/{placement_id}/plan", json=payloads.plan()).status_code == 200
    _move(client, placement_id, "agreed", "started")
    with context.sessions() as session:  # as an earlier version let it be saved
        session.execute(
            update(PlanRow)
            .where(PlanRow.placement_id == placement_id)
            .values(start_date=dt.date(9999, 12, 20))
        )
        session.commit()
    assert client.get("/follow-ups/due").status_code == 200
    assert client.get("/follow-ups/due", params={"team": True}).status_code == 200
    assert client.get(f"/placements/{placement_id}/plan").status_code == 200
    page = web_client(create_app(context), CONSULTANT).get("/app/follow-ups")
    assert page.status_code == 200


def test_a_follow_up_before_the_course_began_is_refused(client: TestClient) -> None:
    citizen_id, _, placement_id = _contacted(client)
    _move(client, placement_id, "agreed", "started")
    url = f"/placements/{placement_id}/follow-ups"
    # No plan: the course cannot have begun before the contact was made.
    for held_on in ("0001-01-01", "2019-06-01"):
        refused = client.post(url, json={"held_on": held_on, "hours_per_week": 10})
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["field"] == "held_on"
        assert "before the course began" in refused.json()["detail"][0]["reason"]
    (stored,) = client.get(
        f"/citizens/{citizen_id}/placements", params={"purpose": "case_work"}
    ).json()
    assert stored["follow_ups"] == []


HIDDEN_CPR_NUMBERS = (
    "cpr 0101\u200b90-1234",  # a zero-width space inside
    "cpr 010190\u22121234",  # a minus sign
    "cpr 01.01.90\u202f1234",  # a narrow no-break space
    "cpr 010190\u00ad-1234",  # a soft hyphen
    "cpr 01.01-90-1234",  # mixed separators
    "cpr 1.1.90-1234",  # a one-digit day and month
)


def test_a_cpr_number_hidden_by_unicode_is_refused_in_notes_follow_ups_and_skills(
    client: TestClient,
) -> None:
    citizen_id, _, placement_id = _contacted(client)
    assert client.put(f"/placements/{placement_id}/plan", json=payloads.plan()).status_code == 200
    _move(client, placement_id, "agreed", "started")
    stored = client.get(f"/citizens/{citizen_id}").json()
    for hidden in HIDDEN_CPR_NUMBERS:
        note = client.post(f"/placements/{placement_id}/notes", json={"text": hidden})
        follow_up = client.post(
            f"/placements/{placement_id}/follow-ups",
            json={"held_on": "2026-11-16", "hours_per_week": 12, "works": hidden},
        )
        skills = client.put(f"/citizens/{citizen_id}", json={**stored, "skills": [hidden]})
        for answer, field in ((note, "text"), (follow_up, "works"), (skills, "skills.0")):
            assert answer.status_code == 422, (hidden, answer.text)
            assert answer.json()["detail"][0]["field"] == field
            assert "CPR number" in answer.json()["detail"][0]["reason"]
    (placement,) = client.get(f"/citizens/{citizen_id}/placements").json()
    assert placement["notes"] == [] and placement["follow_ups"] == []
    assert client.get(f"/citizens/{citizen_id}").json()["skills"] == stored["skills"]
