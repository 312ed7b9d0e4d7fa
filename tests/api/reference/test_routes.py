"""Health, vocabulary and the occupation type-ahead: health says what answers and what waits
for the index; the type-ahead ranks titles, honours its limit and refuses a bad query by field;
the vocabulary and the purposes come with Danish labels."""

from fastapi.testclient import TestClient

from matcher.vocabulary import ACCOMMODATIONS


def test_health_reports_the_store_the_index_and_what_waits(client: TestClient) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json() == {
        "status": "ok",
        "database": "ok",
        "search_backend": "embedded",
        "search": "ok",
        "indexed_workplaces": 0,
        "changes_waiting_for_index": 0,
    }


def test_the_type_ahead_finds_titles_with_their_balance_up_to_the_limit(
    client: TestClient,
) -> None:
    found = client.get("/occupations", params={"q": "lagermedarb", "limit": 3})
    assert found.status_code == 200
    items = found.json()
    assert 1 <= len(items) <= 3
    assert items[0]["title"] == "Lagermedarbejder" and items[0]["occupation_code"] == "4321"
    assert {"balance_category", "period"} <= set(items[0])


def test_a_bad_type_ahead_query_is_refused_by_field(client: TestClient) -> None:
    for params, field in (
        ({"q": ""}, "q"),
        ({"q": "lager\x07"}, "q"),
        ({"q": "lager", "limit": 51}, "limit"),
    ):
        answer = client.get("/occupations", params=params)
        assert answer.status_code == 422, params
        assert [e["field"] for e in answer.json()["detail"]] == [field], answer.json()


def test_the_vocabulary_and_purposes_have_danish_labels(client: TestClient) -> None:
    vocabulary = client.get("/vocabulary").json()
    assert set(vocabulary["accommodations"]) == set(ACCOMMODATIONS)
    assert vocabulary["accommodations"]["no_heavy_lifting"] == ACCOMMODATIONS["no_heavy_lifting"]
    purposes = client.get("/purposes").json()
    assert purposes["matching"] == "Match til virksomhed"
