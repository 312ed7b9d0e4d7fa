"""End to end through HTTP on the demo data (embedded default on SQLite)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.geo import haversine_km
from matcher.vocabulary import SUBSIDISED_PLACEMENT_TYPES
from tests.api import payloads

# A demo citizen of the south team with a long list, none of it within 0.5 km of home.
LONG_LIST = "JC-2026-00006"


def citizen_by_reference(client: TestClient, reference: str) -> dict[str, Any]:
    [body] = client.get("/citizens", params={"q": reference}).json()["items"]
    assert body["reference"] == reference
    return body


class TestTheValbyExample:
    """shared/DOMAIN.md's example: the recycling centre, never the parcel terminal."""

    @pytest.fixture(scope="class")
    @classmethod
    def result(cls, demo_client: TestClient) -> dict[str, Any]:
        citizen = citizen_by_reference(demo_client, "JC-2026-VALBY")
        response = demo_client.get(f"/citizens/{citizen['id']}/suggestions")
        assert response.status_code == 200, response.text
        return response.json()

    def test_the_recycling_centre_comes_first(self, result: dict[str, Any]) -> None:
        first = result["items"][0]
        assert first["workplace_name"] == "Genbrugsstation Vigerslev"
        assert first["hard_needs_met"] == ["no_heavy_lifting", "changing_positions"]
        assert first["soft_needs_unmet"] == []
        assert 2.5 < first["distance_km"] < 3.5
        assert first["record"]["paid_hours_outcomes"] == 2

    def test_the_parcel_terminal_never_appears(self, result: dict[str, Any]) -> None:
        assert "Pakketerminal Valby" not in {s["workplace_name"] for s in result["items"]}

    def test_factors_add_up_to_the_score(self, result: dict[str, Any]) -> None:
        for suggestion in result["items"]:
            total = sum(f["contribution"] for f in suggestion["factors"])
            assert total == pytest.approx(suggestion["score"], abs=1e-6)

    def test_ranked_by_score_then_function_id(self, result: dict[str, Any]) -> None:
        keys = [(-s["score"], s["function_id"]) for s in result["items"]]
        assert keys == sorted(keys)
        assert [s["rank"] for s in result["items"]] == list(range(1, len(keys) + 1))

    def test_the_balance_period_in_force_is_used(self, result: dict[str, Any]) -> None:
        assert (result["balance_area"], result["balance_period"]) == ("hovedstaden", "2026-07")

    def test_the_parcel_terminal_is_a_near_match_saying_what_it_lacks(
        self, result: dict[str, Any]
    ) -> None:
        near = {s["workplace_name"]: s for s in result["near_matches"]}
        terminal = near["Pakketerminal Valby"]
        assert terminal["missing"]["kind"] == "need"
        assert terminal["missing"]["need"] in {"no_heavy_lifting", "changing_positions"}
        assert terminal["missing"]["need"] not in terminal["hard_needs_met"]
        items = {s["function_id"] for s in result["items"]}
        assert items.isdisjoint(s["function_id"] for s in result["near_matches"])
        assert [s["rank"] for s in result["near_matches"]] == list(
            range(1, len(result["near_matches"]) + 1)
        )
        # The list is shorter than asked (20): what each need given up would add is said.
        assert len(result["items"]) < 20 and result["why_empty"][0]["count"] > 0
        assert result["matching"] >= result["relevant"] >= result["total"] == len(result["items"])


def test_every_suggestion_respects_every_hard_filter(demo_client: TestClient) -> None:
    """For 30 of the team's demo citizens, check each suggestion against the stored
    workplace."""
    checked = 0
    for citizen in demo_client.get("/citizens", params={"limit": 30}).json()["items"]:
        citizen_id = citizen["id"]
        hard = {n["code"] for n in citizen["accommodation_needs"] if n["hard"]}
        wanted = set(citizen["placement_types"])
        home = citizen.get("coordinates")
        result = demo_client.get(f"/citizens/{citizen_id}/suggestions?limit=50").json()
        for suggestion in result["items"]:
            workplace = demo_client.get(f"/workplaces/{suggestion['workplace_id']}").json()
            [function] = [f for f in workplace["functions"] if f["id"] == suggestion["function_id"]]
            offered = set(function["accommodations"]) | set(workplace["accommodations"])
            assert hard <= offered
            types = set(suggestion["placement_types"])
            assert types and types <= wanted & set(function["placement_types"])
            hours = function["weekly_hours"]
            assert hours["min"] <= citizen["weekly_hours"]["max"]
            assert hours["max"] >= citizen["weekly_hours"]["min"]
            assert suggestion["distance_km"] <= citizen["max_commute_km"] + 1e-9
            if home:
                here = workplace["coordinates"]
                distance = haversine_km(home["lat"], home["lon"], here["lat"], here["lon"])
                assert distance == pytest.approx(suggestion["distance_km"], abs=0.01)
            assert workplace["id"] not in citizen.get("excluded_workplace_ids", [])
            if workplace["id"] == citizen.get("most_recent_employer_id"):
                assert not types & {"internship", "hybrid"}
            employees = workplace["ordinary_employees"]
            limit = max(1, min(employees, 50) // 5) + max(employees - 50, 0) // 10
            if workplace["current_subsidised_placements"] >= limit:
                assert not types & SUBSIDISED_PLACEMENT_TYPES
            checked += 1
    assert checked > 200


class TestFilters:
    def test_placement_type_filter(self, demo_client: TestClient) -> None:
        result = demo_client.get(
            "/citizens/1/suggestions", params={"placement_type": "paid_hours"}
        ).json()
        assert result["items"]
        assert all(s["placement_types"] == ["paid_hours"] for s in result["items"])

    def test_radius_filter(self, demo_client: TestClient) -> None:
        result = demo_client.get("/citizens/1/suggestions", params={"radius_km": 2}).json()
        assert all(s["distance_km"] <= 2 for s in result["items"])
        wider = demo_client.get("/citizens/1/suggestions", params={"radius_km": 8}).json()
        assert len(wider["items"]) > len(result["items"])

    def test_limit(self, demo_client: TestClient) -> None:
        citizen = citizen_by_reference(demo_client, LONG_LIST)["id"]
        result = demo_client.get(f"/citizens/{citizen}/suggestions", params={"limit": 3}).json()
        assert len(result["items"]) == 3 < result["matching"]

    def test_bad_filter_names_the_parameter(self, demo_client: TestClient) -> None:
        response = demo_client.get(
            "/citizens/1/suggestions", params={"placement_type": "praktik", "limit": 0}
        )
        assert response.status_code == 422
        assert {d["field"] for d in response.json()["detail"]} == {"placement_type.0", "limit"}

    def test_near_limit(self, demo_client: TestClient) -> None:
        for near_limit in (0, 2):
            result = demo_client.get(
                "/citizens/1/suggestions", params={"near_limit": near_limit}
            ).json()
            assert len(result["near_matches"]) == near_limit
        response = demo_client.get("/citizens/1/suggestions", params={"near_limit": 51})
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "near_limit"

    def test_a_radius_that_empties_the_list_says_so(self, demo_client: TestClient) -> None:
        citizen = citizen_by_reference(demo_client, LONG_LIST)["id"]
        result = demo_client.get(
            f"/citizens/{citizen}/suggestions", params={"radius_km": 0.5, "near_limit": 0}
        ).json()
        assert result["items"] == [] and result["matching"] == 0
        reasons = {w["without"]["kind"]: w for w in result["why_empty"]}
        radius = reasons["radius"]
        assert radius["without"]["radius_km"] == 0.5 and radius["without"]["widened_km"] == 2.5
        assert radius["count"] > 0
        # Counted true: the widened radius passes exactly that many (the relevant of them
        # are listed).
        wider = demo_client.get(
            f"/citizens/{citizen}/suggestions", params={"radius_km": 2.5, "limit": 200}
        ).json()
        assert radius["count"] == wider["matching"]
        assert wider["relevant"] == len(wider["items"])
        counts = [w["count"] for w in result["why_empty"]]
        assert counts == sorted(counts, reverse=True)

    def test_unknown_citizen_is_404(self, demo_client: TestClient) -> None:
        assert demo_client.get("/citizens/99999/suggestions").status_code == 404


class TestUnsavedProfile:
    def test_suggestions_for_a_profile_that_is_not_stored(self, demo_client: TestClient) -> None:
        body = {"profile": payloads.citizen(reference="UNSAVED-1"), "filters": {"limit": 5}}
        response = demo_client.post("/suggestions", json=body)
        assert response.status_code == 200, response.text
        result = response.json()
        assert result["citizen_id"] is None
        assert 0 < len(result["items"]) <= 5
        for suggestion in result["items"]:
            assert "no_heavy_lifting" in suggestion["hard_needs_met"]
        assert demo_client.get("/citizens/132").status_code == 404

    def test_an_unsaved_profile_whose_needs_empty_the_list(self, demo_client: TestClient) -> None:
        needs = [{"code": c, "hard": True} for c in ("no_heavy_lifting", "low_noise")]
        body = {
            "profile": payloads.citizen(accommodation_needs=needs),
            "filters": {"near_limit": 3, "radius_km": 3.0},
        }
        result = demo_client.post("/suggestions", json=body).json()
        assert result["items"] == []
        assert {w["without"]["kind"] for w in result["why_empty"]} >= {"need", "radius"}
        assert len(result["near_matches"]) == 2
        for near in result["near_matches"]:
            missing = near["missing"]
            if missing["kind"] == "need":
                assert missing["need"] not in near["hard_needs_met"]
            else:
                assert 3.0 < near["distance_km"] <= missing["widened_km"]
        body["filters"] = {"near_limit": -1}
        response = demo_client.post("/suggestions", json=body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "filters.near_limit"

    def test_an_empty_unsaved_profile_is_refused(self, demo_client: TestClient) -> None:
        body = {"profile": payloads.citizen(skills=[], goal_occupations=[])}
        response = demo_client.post("/suggestions", json=body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "profile.skills"


def test_a_changed_workplace_changes_suggestions_at_once(client: TestClient) -> None:
    """Create, update and delete keep the index current."""
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    url = f"/citizens/{citizen['id']}/suggestions"
    assert client.get(url).json()["items"] == []
    created = client.post("/workplaces", json=payloads.workplace()).json()
    assert [s["workplace_id"] for s in client.get(url).json()["items"]] == [created["id"]]
    no_longer = {**created["functions"][0], "accommodations": ["changing_positions"]}
    client.put(
        f"/workplaces/{created['id']}", json=payloads.workplace(version=1, functions=[no_longer])
    )
    assert client.get(url).json()["items"] == []
    meets_again = {**no_longer, "accommodations": ["no_heavy_lifting"]}
    client.put(
        f"/workplaces/{created['id']}", json=payloads.workplace(version=2, functions=[meets_again])
    )
    assert len(client.get(url).json()["items"]) == 1
    client.delete(f"/workplaces/{created['id']}")
    assert client.get(url).json()["items"] == []


def test_reference_routes(demo_client: TestClient) -> None:
    health = demo_client.get("/health").json()
    assert health == {
        "status": "ok",
        "database": "ok",
        "search_backend": "embedded",
        "search": "ok",
        "indexed_workplaces": 422,
        "changes_waiting_for_index": 0,
    }
    vocabulary = demo_client.get("/vocabulary").json()
    assert vocabulary["accommodations"]["no_heavy_lifting"] == "Ingen tunge løft"
    occupations = demo_client.get("/occupations", params={"q": "lager"}).json()
    assert "4321" in {o["occupation_code"] for o in occupations}
    assert demo_client.get("/openapi.json").json()["info"]["title"] == "Placement matcher"
    assert demo_client.get("/docs").status_code == 200


class TestRelevantOnly:
    def test_only_relevant_functions_are_items_and_the_answer_says_how_many(
        self, demo_client: TestClient
    ) -> None:
        """A citizen whose skills and goal meet few functions gets fewer items than asked,
        never one with nothing to do with them, and is told how many pass and relate."""
        profile = payloads.citizen(
            skills=["hundelufter"],
            experience=[{"title": "luftet hunde for naboer", "kind": "unpaid"}],
            goal_occupations=[{"title": "dyrepasser"}],
            max_commute_km=30,
        )
        result = demo_client.post(
            "/suggestions", json={"profile": profile, "filters": {"limit": 20}}
        ).json()
        assert result["relevant"] is not None and result["relevant"] < result["matching"]
        assert len(result["items"]) == min(20, result["relevant"])
        for item in result["items"]:
            relevance = sum(
                f["contribution"]
                for f in item["factors"]
                if f["name"] in ("skills", "goal_occupation")
            )
            assert relevance > 0, item["function_title"]

    def test_what_met_what_is_in_the_answer(self, demo_client: TestClient) -> None:
        profile = payloads.citizen(
            skills=[],
            experience=[{"title": "sorteret affald for foreningen", "kind": "unpaid"}],
        )
        result = demo_client.post("/suggestions", json={"profile": profile}).json()
        first = result["items"][0]["matched_competences"]
        shared = [m for m in first if not m["near"]]
        assert shared and shared[0]["citizen_words"] == "sorteret affald for foreningen"
        assert shared[0]["source"] == "unpaid" and shared[0]["workplace_words"]
