"""A consultant records a contacted workplace and its outcome; the outcome feeds the
workplace's record, which the suggestions then show."""

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.context import AppContext
from store.models import PlacementRow
from tests.api import payloads


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
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    placement = client.post(
        f"/citizens/{citizen['id']}/placements", json={"workplace_id": workplace["id"]}
    ).json()
    ended = client.post(
        f"/placements/{placement['id']}/outcome",
        json={"outcome": "ended_early", "note": "Sygdom i familien"},
    )
    assert ended.json()["outcome_note"] == "Sygdom i familien"
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
    outcome_url = f"/placements/{placement['id']}/outcome"
    unknown = client.post(outcome_url, json={"outcome": "won_the_lottery"})
    assert unknown.json()["detail"][0]["field"] == "outcome"
    cpr = client.post(outcome_url, json={"outcome": "ended_early", "note": "cpr 010190-1234"})
    assert cpr.json()["detail"][0]["field"] == "note"
    assert client.get(url).json()[0]["status"] == "contacted"  # nothing half-written


def test_erasing_the_citizen_removes_their_placements(
    context: AppContext, client: TestClient
) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    client.post(f"/citizens/{citizen['id']}/placements", json={"workplace_id": workplace["id"]})
    assert client.delete(f"/citizens/{citizen['id']}").status_code == 204
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PlacementRow)) == 0
    assert client.get(f"/workplaces/{workplace['id']}/placements").json() == []
