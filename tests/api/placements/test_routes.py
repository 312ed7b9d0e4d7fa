"""A consultant records a contacted workplace, what came of it and the outcome of a started
course; only that outcome feeds the workplace's record, which the suggestions then show. A
decline for an accommodation the workplace lists is a flag for its coordinator, and a
workplace that declined is contacted again only after the consultant says they saw it; a
status set by mistake can be undone; notes are kept, guarded and erased with the citizen."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.composition.context import AppContext
from store.models import (
    FollowUpRow,
    PlacementEventRow,
    PlacementNoteRow,
    PlacementRow,
    PlanRow,
)
from tests.api import payloads
from tests.auth import CONSULTANT, token


def _contacted(client: TestClient) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A new citizen, a new workplace, and the contact between them."""
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    placement = client.post(
        f"/citizens/{citizen['id']}/placements", json={"workplace_id": workplace["id"]}
    ).json()
    return citizen, workplace, placement


def _start(client: TestClient, placement_id: int) -> None:
    """Agree the course with the workplace, and start it."""
    for status in ("agreed", "started"):
        moved = client.post(f"/placements/{placement_id}/status", json={"status": status})
        assert moved.status_code == 200, moved.text


def test_a_contact_and_its_outcome_feed_the_workplace_record(
    context: AppContext, client: TestClient
) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    function_id = workplace["functions"][0]["id"]
    before = client.get(f"/citizens/{citizen['id']}/suggestions").json()["items"][0]["record"]
    assert before["placements"] == 3

    contacted = client.post(
        f"/citizens/{citizen['id']}/placements",
        json={"workplace_id": workplace["id"], "function_id": function_id},
    )
    assert contacted.status_code == 201, contacted.text
    placement = contacted.json()
    assert (placement["status"], placement["function_title"]) == (
        "contacted",
        "Sorteringsmedarbejder",
    )
    _start(client, placement["id"])
    ended = client.post(f"/placements/{placement['id']}/outcome", json={"outcome": "paid_hours"})
    assert ended.status_code == 200
    assert (ended.json()["status"], ended.json()["outcome"]) == ("ended", "paid_hours")

    stored = client.get(f"/workplaces/{workplace['id']}").json()
    assert stored["record"] == {"placements": 4, "good_outcomes": 3, "paid_hours_outcomes": 3}
    assert stored["version"] == workplace["version"] + 1
    after = client.get(f"/citizens/{citizen['id']}/suggestions").json()["items"][0]["record"]
    assert after["placements"] == 4 and after["good_outcomes"] == 3

    again = client.post(f"/placements/{placement['id']}/outcome", json={"outcome": "education"})
    assert again.status_code == 409
    listed = client.get(f"/citizens/{citizen['id']}/placements").json()
    assert [p["outcome"] for p in listed] == ["paid_hours"]
    # The workplace's page sees the placement, but not whose it is.
    at_workplace = client.get(f"/workplaces/{workplace['id']}/placements").json()
    assert at_workplace[0]["team"] == "jobcenter-syd" and "citizen_id" not in at_workplace[0]


def test_an_early_end_counts_as_a_placement_but_not_a_good_one(client: TestClient) -> None:
    _, workplace, placement = _contacted(client)
    _start(client, placement["id"])
    url = f"/placements/{placement['id']}/outcome"
    without_reason = client.post(url, json={"outcome": "ended_early"})
    assert without_reason.status_code == 422
    assert without_reason.json()["detail"][0] == {
        "field": "reason",
        "reason": "required when it ended early",
        "code": "end_reason_required",
        "params": {},
    }
    ended = client.post(
        url, json={"outcome": "ended_early", "reason": "other", "note": "Sygdom i familien"}
    )
    assert ended.json()["outcome_note"] == "Sygdom i familien"
    assert ended.json()["end_reason"] == "other"
    record = client.get(f"/workplaces/{workplace['id']}").json()["record"]
    assert record == {"placements": 4, "good_outcomes": 2, "paid_hours_outcomes": 2}


def test_bad_contacts_and_outcomes_name_the_field(client: TestClient) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    one = client.post("/workplaces", json=payloads.workplace()).json()
    other = client.post("/workplaces", json=payloads.workplace()).json()
    url = f"/citizens/{citizen['id']}/placements"
    missing = client.post(url, json={"workplace_id": 999})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "workplace_id"
    foreign = client.post(
        url, json={"workplace_id": one["id"], "function_id": other["functions"][0]["id"]}
    )
    assert foreign.json()["detail"][0]["field"] == "function_id"
    placement = client.post(url, json={"workplace_id": one["id"]}).json()
    _start(client, placement["id"])
    outcome_url = f"/placements/{placement['id']}/outcome"
    unknown = client.post(outcome_url, json={"outcome": "won_the_lottery"})
    assert unknown.json()["detail"][0]["field"] == "outcome"
    cpr = client.post(
        outcome_url, json={"outcome": "ended_early", "reason": "other", "note": "cpr 010190-1234"}
    )
    assert cpr.json()["detail"][0]["field"] == "note"
    reason_for_a_good_end = client.post(outcome_url, json={"outcome": "flexjob", "reason": "other"})
    assert reason_for_a_good_end.json()["detail"][0] == {
        "field": "reason",
        "reason": "only with outcome ended_early",
        "code": "end_reason_only_early",
        "params": {},
    }
    assert client.get(url).json()[0]["status"] == "started"  # nothing half-written


def test_erasing_the_citizen_removes_their_placements(
    context: AppContext, client: TestClient
) -> None:
    citizen, workplace, placement = _contacted(client)
    url = f"/placements/{placement['id']}"
    for status in ("agreed", "started"):
        client.post(f"{url}/status", json={"status": status})
    client.post(f"{url}/notes", json={"text": "Mødes med Lise mandag"})
    assert client.put(f"{url}/plan", json=payloads.plan()).status_code == 200
    follow_up = {"held_on": "2026-11-20", "hours_per_week": 12}
    assert client.post(f"{url}/follow-ups", json=follow_up).status_code == 201
    client.post(f"{url}/outcome", json={"outcome": "education"})
    assert client.delete(f"/citizens/{citizen['id']}").status_code == 204
    with context.sessions() as session:
        for table in (PlacementRow, PlacementEventRow, PlacementNoteRow, PlanRow, FollowUpRow):
            assert session.scalar(select(func.count()).select_from(table)) == 0
    assert client.get(f"/workplaces/{workplace['id']}/placements").json() == []


def test_a_workplace_that_declines_keeps_its_record_and_only_a_started_course_ends(
    client: TestClient,
) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    url = f"/citizens/{citizen['id']}/placements"
    first = client.post(url, json={"workplace_id": workplace["id"]}).json()
    too_early = client.post(f"/placements/{first['id']}/outcome", json={"outcome": "paid_hours"})
    assert too_early.status_code == 409 and "can become" in too_early.json()["detail"]
    declined = client.post(
        f"/placements/{first['id']}/status",
        json={"status": "declined_by_workplace", "reason": "no_capacity"},
    )
    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined_by_workplace",
        "no_capacity",
    )
    assert declined.json()["declined_at"] is not None
    record = client.get(f"/workplaces/{workplace['id']}").json()["record"]
    assert record == {"placements": 3, "good_outcomes": 2, "paid_hours_outcomes": 2}
    # A declined contact moves no further (until undone).
    stuck = client.post(f"/placements/{first['id']}/status", json={"status": "agreed"})
    assert stuck.status_code == 409
    # Contacted again only by a consultant who says they saw the decline.
    unseen = client.post(url, json={"workplace_id": workplace["id"]})
    assert unseen.status_code == 422
    (item,) = unseen.json()["detail"]
    assert (item["field"], item["code"]) == ("after_decline", "declined_before")
    assert item["params"]["reason"] == "no_capacity"
    assert len(client.get(url).json()) == 1
    second = client.post(url, json={"workplace_id": workplace["id"], "after_decline": True}).json()
    skipped = client.post(f"/placements/{second['id']}/status", json={"status": "started"})
    assert skipped.status_code == 409  # agreed first
    _start(client, second["id"])
    client.post(f"/placements/{second['id']}/outcome", json={"outcome": "paid_hours"})
    record = client.get(f"/workplaces/{workplace['id']}").json()["record"]
    assert record == {"placements": 4, "good_outcomes": 3, "paid_hours_outcomes": 3}


def test_a_status_set_by_mistake_is_undone_and_an_outcome_leaves_the_record(
    client: TestClient,
) -> None:
    _, workplace, placement = _contacted(client)
    undo = f"/placements/{placement['id']}/undo"
    assert client.post(undo).status_code == 409  # nothing to undo yet
    _start(client, placement["id"])
    client.post(f"/placements/{placement['id']}/outcome", json={"outcome": "ordinary_job"})
    undone = client.post(undo)
    assert undone.status_code == 200, undone.text
    body = undone.json()
    assert (body["status"], body["outcome"], body["ended_at"]) == ("started", None, None)
    record = client.get(f"/workplaces/{workplace['id']}").json()["record"]
    assert record == {"placements": 3, "good_outcomes": 2, "paid_hours_outcomes": 2}
    assert client.post(undo).json()["status"] == "agreed"
    back = client.post(undo).json()
    assert (back["status"], back["agreed_at"]) == ("contacted", None)
    assert client.post(undo).status_code == 409


def test_a_decline_reason_goes_with_a_workplaces_decline_and_names_its_field(
    client: TestClient,
) -> None:
    citizen, _, placement = _contacted(client)
    url = f"/placements/{placement['id']}/status"
    cases = [
        ({"status": "declined_by_workplace"}, "reason"),
        ({"status": "agreed", "reason": "no_capacity"}, "reason"),
        (
            {"status": "declined_by_workplace", "reason": "cannot_offer_accommodation"},
            "accommodation",
        ),
        (
            {"status": "declined_by_workplace", "reason": "no_answer", "accommodation": "mentor"},
            "accommodation",
        ),
        ({"status": "declined_by_workplace", "reason": "too_busy"}, "reason"),
        ({"status": "ended"}, "status"),
        (
            {
                "status": "declined_by_workplace",
                "reason": "cannot_offer_accommodation",
                "accommodation": "jetpack",
            },
            "accommodation",
        ),
    ]
    for body, field in cases:
        refused = client.post(url, json=body)
        assert refused.status_code == 422, body
        assert refused.json()["detail"][0]["field"] == field, body
    assert client.get(f"/citizens/{citizen['id']}/placements").json()[0]["status"] == "contacted"


def test_a_decline_for_an_accommodation_the_workplace_lists_is_a_flag_for_its_coordinator(
    client: TestClient,
) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    listed = sorted(workplace["accommodations"])[0]
    unlisted = "quiet_room" if listed != "quiet_room" else "mentor"
    assert unlisted not in workplace["accommodations"]
    for code in (listed, listed, unlisted):
        placement = client.post(
            f"/citizens/{citizen['id']}/placements",
            json={"workplace_id": workplace["id"], "after_decline": True},  # seen
        ).json()
        client.post(
            f"/placements/{placement['id']}/status",
            json={
                "status": "declined_by_workplace",
                "reason": "cannot_offer_accommodation",
                "accommodation": code,
            },
        )
    flags = client.get(f"/workplaces/{workplace['id']}/data-quality")  # as the coordinator
    assert flags.status_code == 200, flags.text
    assert [(f["accommodation"], f["declines"]) for f in flags.json()] == [(listed, 2)]
    # A consultant does not see it: it is the coordinator's to follow up.
    as_consultant = {"Authorization": f"Bearer {token(client, CONSULTANT)}"}
    refused = client.get(f"/workplaces/{workplace['id']}/data-quality", headers=as_consultant)
    assert refused.status_code == 403


def test_notes_are_kept_in_order_and_a_cpr_number_is_refused(client: TestClient) -> None:
    citizen, _, placement = _contacted(client)
    url = f"/placements/{placement['id']}/notes"
    for text in ("Ringede til Lise, hun vender tilbage", "Møde aftalt torsdag kl. 10"):
        added = client.post(url, json={"text": text})
        assert added.status_code == 201, added.text
    assert [n["text"] for n in added.json()["notes"]] == [
        "Ringede til Lise, hun vender tilbage",
        "Møde aftalt torsdag kl. 10",
    ]
    assert added.json()["notes"][0]["by"] == "konsulent.syd"
    for body in ({"text": "cpr 010190-1234"}, {"text": "   "}):
        refused = client.post(url, json=body)
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "text"
    listed = client.get(f"/citizens/{citizen['id']}/placements").json()
    assert len(listed[0]["notes"]) == 2
