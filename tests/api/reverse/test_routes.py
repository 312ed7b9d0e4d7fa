"""Who could fill this slot: a coordinator sees a function's candidates as anonymised cards
(every citizen shown audited), tells a candidate's team, and a consultant of that team
proposes the function (a contact) or dismisses it."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.composition.context import AppContext
from store.models import AuditRow, CandidateCardRow, PlacementRow
from tests.api import payloads
from tests.auth import (
    CONSULTANT,
    COORDINATOR,
    OTHER_CONSULTANT,
    OTHER_COORDINATOR,
    signed_in,
    web_client,
)

# Every free-text field of a profile, each with a word no workplace text has.
FREE_TEXT: dict[str, Any] = {
    "reference": "JC-QUIXOTEREF",
    "skills": ["sortering af affald", "zebraflet", "lager og pluk xylofonik"],
    "experience": [
        {
            "title": "Pakkeri hos onkel Yggdrasil",
            "description": "Pakkede varer hjemme i Quagmirebyen",
            "kind": "home",
        }
    ],
    "education": ["Grundskole i Wombatland"],
    "goal_occupations": [{"title": "Sorteringsmedarbejder hos Ulrikkefisk"}],
}
MARKERS = (
    "QUIXOTE",
    "zebraflet",
    "xylofonik",
    "Yggdrasil",
    "Quagmire",
    "Wombat",
    "Ulrikkefisk",
)


@pytest.fixture(autouse=True)
def cards_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Here a card may stand for one citizen (k = 1), so that a few citizens make cards in
    full; k itself, the settle time and the daily limit are tested in test_privacy.py."""
    monkeypatch.setenv("MATCHER_REVERSE_MIN_GROUP", "1")


def _function_of(workplace: dict[str, Any]) -> str:
    return f"/workplaces/{workplace['id']}/functions/{workplace['functions'][0]['id']}"


def _candidates(client: TestClient, workplace: dict[str, Any], **params: Any) -> Any:
    answer = client.get(f"{_function_of(workplace)}/candidates", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _citizens_of(context: AppContext, tokens: list[str]) -> list[int]:
    with context.sessions() as session:
        cards = {
            row.token: row.citizen_id
            for row in session.scalars(
                select(CandidateCardRow).where(CandidateCardRow.token.in_(tokens))
            )
        }
    return [cards[token] for token in tokens]


def test_the_card_leaks_no_free_text_and_no_need_the_workplace_does_not_offer(
    client: TestClient,
) -> None:
    needs = [
        {"code": "no_heavy_lifting", "hard": True},
        {"code": "rest_area", "hard": False},  # the workplace does not offer it
        {"code": "mentor", "hard": False},  # the workplace offers it
    ]
    citizen = client.post(
        "/citizens", json=payloads.citizen(**FREE_TEXT, accommodation_needs=needs)
    )
    assert citizen.status_code == 201, citizen.text
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    answer = client.get(f"{_function_of(workplace)}/candidates")
    assert answer.status_code == 200, answer.text
    (shown,) = answer.json()["candidates"]
    text = answer.text
    for field in ("reference", "skills", "experience", "education", "goal_occupations"):
        values = FREE_TEXT[field] if isinstance(FREE_TEXT[field], list) else [FREE_TEXT[field]]
        for value in values:
            for part in value.values() if isinstance(value, dict) else [value]:
                if isinstance(part, str) and part != "home":
                    assert part not in text, field
    for marker in MARKERS:
        assert marker.lower() not in text.lower()
    assert "rest_area" not in text
    # an opaque random token (16 bytes), not the citizen's id nor the reference
    assert len(shown["token"]) >= 22 and shown["token"] != str(citizen.json()["id"])
    assert set(shown) == {
        "token",
        "detail",
        "target_group",
        "matched_terms",
        "needs_met",
        "weekly_hours_band",
        "distance_band",
        "match",
        "placement_types",
        "goal_relation",
    }
    assert shown["detail"] == "full"
    assert set(shown["needs_met"]) == {"no_heavy_lifting", "mentor"}
    # The skills are shown as the function's own words they matched.
    function = workplace["functions"][0]
    own_words = " ".join([function["title"], *function["tasks"]]).lower()
    assert "affald" in shown["matched_terms"]
    assert all(term.lower() in own_words for term in shown["matched_terms"])
    assert shown["distance_band"] == "2_5_km"
    assert shown["weekly_hours_band"] == "10_20"  # 10-15 hours: a band, never the hours


def test_each_citizen_shown_is_audited_with_the_purpose_and_no_one_else(
    context: AppContext, client: TestClient
) -> None:
    for n in range(4):
        client.post("/citizens", json=payloads.citizen(reference=f"JC-REV-{n}"))
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    found = _candidates(client, workplace, limit=3, purpose="matching")
    assert found["total"] == 4
    shown = _citizens_of(context, [c["token"] for c in found["candidates"]])
    with context.sessions() as session:
        entries = session.scalars(select(AuditRow).where(AuditRow.action == "reverse")).all()
    assert sorted(e.citizen_id for e in entries) == sorted(shown)
    assert {(e.actor, e.purpose) for e in entries} == {(COORDINATOR, "matching")}
    assert {e.route for e in entries} == {
        "GET /workplaces/{workplace_id}/functions/{function_id}/candidates"
    }


def test_a_look_up_that_shows_nobody_is_audited_naming_nobody(
    context: AppContext, client: TestClient
) -> None:
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    found = _candidates(client, workplace, purpose="matching")
    assert (found["total"], found["candidates"]) == (0, [])
    with context.sessions() as session:
        entries = session.scalars(select(AuditRow).where(AuditRow.action == "reverse")).all()
    assert [(e.citizen_id, e.actor, e.purpose) for e in entries] == [
        (None, COORDINATOR, "matching")
    ]


def test_a_purpose_is_required(client: TestClient) -> None:
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    answer = client.get(f"{_function_of(workplace)}/candidates", params={"purpose": "snooping"})
    assert answer.status_code == 422
    assert "purpose" in answer.text


def test_candidates_come_best_first_and_the_filters_hold(
    context: AppContext, client: TestClient
) -> None:
    near = client.post("/citizens", json=payloads.citizen(reference="JC-NEAR")).json()
    client.post(
        "/citizens",
        json=payloads.citizen(
            reference="JC-LATE", accommodation_needs=[{"code": "late_start", "hard": True}]
        ),
    )
    client.post("/citizens", json=payloads.citizen(reference="JC-OFF", active=False))
    weaker = client.post(
        "/citizens", json=payloads.citizen(reference="JC-WEAK", skills=["kassebetjening"])
    ).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    found = _candidates(client, workplace)
    assert found["total"] == 2
    shown = _citizens_of(context, [c["token"] for c in found["candidates"]])
    own = {
        c["id"]: client.get(f"/citizens/{c['id']}/suggestions").json()["items"][0]["score"]
        for c in (near, weaker)
    }
    assert shown == sorted(own, key=lambda citizen_id: -own[citizen_id])
    assert [c["match"] for c in found["candidates"]] == [
        "strong" if own[c] >= 50 else "good" if own[c] >= 25 else "fair" for c in shown
    ]


def test_another_portfolios_function_is_refused_and_an_unknown_one_is_missing(
    context: AppContext, client: TestClient
) -> None:
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    with signed_in(create_app(context), OTHER_COORDINATOR) as other:
        assert other.get(f"{_function_of(workplace)}/candidates").status_code == 403
    missing = client.get(f"/workplaces/{workplace['id']}/functions/999999/candidates")
    assert missing.status_code == 404
    assert "999999" in missing.json()["detail"]


def test_a_notified_consultant_proposes_the_function_once(
    context: AppContext, client: TestClient
) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    (card,) = _candidates(client, workplace)["candidates"]
    sent = client.post(f"/candidate-cards/{card['token']}/notify")
    assert sent.status_code == 201, sent.text
    again = client.post(f"/candidate-cards/{card['token']}/notify")
    assert (again.status_code, again.json()["id"]) == (200, sent.json()["id"])

    (notification,) = client.get("/notifications").json()
    assert notification["citizen_reference"] == citizen["reference"]
    assert (notification["status"], notification["created_by"]) == ("open", COORDINATOR)
    with signed_in(create_app(context), OTHER_CONSULTANT) as other:
        assert other.get("/notifications").json() == []
        refused = other.post(
            f"/notifications/{notification['id']}/decision", json={"decision": "propose"}
        )
        assert refused.status_code == 404

    decided = client.post(
        f"/notifications/{notification['id']}/decision",
        json={"decision": "propose", "placement_type": "internship"},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "proposed"
    placements = client.get(f"/citizens/{citizen['id']}/placements").json()
    assert [(p["id"], p["function_id"], p["placement_type"]) for p in placements] == [
        (decided.json()["placement_id"], workplace["functions"][0]["id"], "internship")
    ]
    twice = client.post(
        f"/notifications/{notification['id']}/decision", json={"decision": "dismiss"}
    )
    assert twice.status_code == 409
    assert "already answered" in twice.json()["detail"]
    # The contact counts: the workplace now has an open contact for the function.
    load = _candidates(client, workplace)["load"]
    assert (load["open_contacts"], load["open_for_function"]) == (1, 1)


def test_a_workplace_that_declined_the_citizen_is_proposed_again_only_once_seen(
    context: AppContext, client: TestClient
) -> None:
    """The notification says when and why the workplace declined the citizen; proposing it
    again needs after_decline, and the page asks for it beside the notification."""
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    contacts = f"/citizens/{citizen['id']}/placements"
    first = client.post(contacts, json={"workplace_id": workplace["id"]}).json()
    declined = client.post(
        f"/placements/{first['id']}/status",
        json={"status": "declined_by_workplace", "reason": "tasks_do_not_fit"},
    )
    assert declined.status_code == 200, declined.text
    (card,) = _candidates(client, workplace)["candidates"]
    assert client.post(f"/candidate-cards/{card['token']}/notify").status_code == 201
    (notification,) = client.get("/notifications").json()
    assert notification["declined_on"] == declined.json()["declined_at"][:10]
    assert notification["decline_reason"] == "tasks_do_not_fit"
    decide = f"/notifications/{notification['id']}/decision"
    unseen = client.post(decide, json={"decision": "propose"})
    assert unseen.status_code == 422
    assert unseen.json()["detail"][0]["code"] == "declined_before"
    assert client.get("/notifications").json()[0]["status"] == "open"  # nothing answered
    assert len(client.get(contacts).json()) == 1
    with web_client(create_app(context), CONSULTANT) as pages:
        page = pages.get("/app/notifications").text
        assert "Virksomheden afviste borgeren" in page and "opgaverne passer ikke" in page
        assert 'name="after_decline" value="true" required' in page
        # The menu counts the team's open notifications.
        assert '<span class="count">1<span class="visually-hidden"> åbne</span>' in page
        csrf = pages.cookies.get("matcher_csrf") or ""
        refused = pages.post(f"/app{decide}", data={"csrf": csrf, "decision": "propose"})
        assert refused.status_code == 422
        assert "Sæt flueben for at kontakte den igen alligevel" in refused.text
        seen = pages.post(
            f"/app{decide}", data={"csrf": csrf, "decision": "propose", "after_decline": "true"}
        )
        assert seen.status_code == 303
        assert 'class="count"' not in pages.get("/app/citizens").text
    assert len(client.get(contacts).json()) == 2


def test_a_dismissed_notification_makes_no_contact(context: AppContext, client: TestClient) -> None:
    client.post("/citizens", json=payloads.citizen())
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    (card,) = _candidates(client, workplace)["candidates"]
    client.post(f"/candidate-cards/{card['token']}/notify")
    (notification,) = client.get("/notifications").json()
    decided = client.post(
        f"/notifications/{notification['id']}/decision", json={"decision": "dismiss"}
    )
    assert decided.json()["status"] == "dismissed"
    with context.sessions() as session:
        assert session.scalars(select(PlacementRow)).all() == []


def test_a_card_of_a_citizen_no_longer_active_is_not_notified(client: TestClient) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    workplace = client.post("/workplaces", json=payloads.workplace()).json()
    (card,) = _candidates(client, workplace)["candidates"]
    stored = client.get(f"/citizens/{citizen['id']}").json()
    ended = client.put(f"/citizens/{citizen['id']}", json={**stored, "active": False})
    assert ended.status_code == 200, ended.text
    refused = client.post(f"/candidate-cards/{card['token']}/notify")
    assert refused.status_code == 409
    assert "no longer in an active placement" in refused.json()["detail"]
    assert client.post("/candidate-cards/nonsense/notify").status_code == 404


def test_a_decision_is_propose_or_dismiss(client: TestClient) -> None:
    answer = client.post("/notifications/1/decision", json={"decision": "maybe"})
    assert answer.status_code == 422
    assert "decision" in answer.text


def test_the_live_list_marks_a_workplace_with_open_enquiries_and_a_full_month(
    context: AppContext, client: TestClient
) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    other = client.post("/citizens", json=payloads.citizen(reference="JC-OTHER")).json()
    workplace = client.post("/workplaces", json=payloads.workplace(monthly_enquiries=1)).json()
    assert (workplace["monthly_enquiries"], workplace["enquiry_capacity"]) == (1, 1)
    before = client.get(f"/citizens/{other['id']}/suggestions").json()["items"][0]["load"]
    assert before == {
        "open_contacts": 0,
        "open_for_function": None,
        "enquiries_this_month": 0,
        "monthly_capacity": 1,
        "busy": False,
    }
    made = client.post(
        f"/citizens/{citizen['id']}/placements", json={"workplace_id": workplace["id"]}
    )
    assert made.status_code == 201
    after = client.get(f"/citizens/{other['id']}/suggestions").json()["items"][0]["load"]
    assert (after["open_contacts"], after["busy"]) == (1, True)
    with web_client(create_app(context), CONSULTANT) as browser:
        page = browser.get(f"/app/citizens/{other['id']}")
        assert "1 åben henvendelse" in page.text
        assert "1 af de 1 henvendelser" in page.text


def test_a_monthly_capacity_out_of_range_is_refused_naming_the_field(client: TestClient) -> None:
    answer = client.post("/workplaces", json=payloads.workplace(monthly_enquiries=0))
    assert answer.status_code == 422
    assert "monthly_enquiries" in answer.text
