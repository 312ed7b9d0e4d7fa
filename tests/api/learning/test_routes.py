"""The learned rankings over HTTP, for admins: train (with no outcomes: a candidate that says
why), read, activate a model that passed, roll back; errors name what is wrong."""

from fastapi.testclient import TestClient

from api.composition.context import AppContext
from tests.stored import trained_model


def test_training_with_no_outcomes_keeps_the_hand_weights_and_says_why(
    client: TestClient,
) -> None:
    answer = client.post("/models")
    assert answer.status_code == 201, answer.text
    model = answer.json()
    assert (model["status"], model["ranks"], model["weights"]) == ("candidate", False, [])
    assert model["refused"][0].startswith("0 courses with an outcome")
    assert client.get("/models/ranked-by").json() == {"ranked_by": "hand_weights"}
    assert [m["id"] for m in client.get("/models").json()] == [model["id"]]


def test_a_trained_model_is_read_rolled_back_and_activated_again(
    context: AppContext, client: TestClient
) -> None:
    model_id = trained_model(context)
    model = client.get(f"/models/{model_id}").json()
    assert model["ranks"] and model["comparison"]["difference"]["ndcg@10"]["low"] > 0
    assert {g["grouping"] for g in model["fairness"]["groups"]} == {"target_group", "danish_level"}
    assert client.get("/models/ranked-by").json() == {"ranked_by": f"model_{model_id}"}
    assert client.post("/models/rollback").json() == {"ranked_by": "hand_weights"}
    assert client.get(f"/models/{model_id}").json()["status"] == "retired"
    again = client.post(f"/models/{model_id}/activate")
    assert again.status_code == 200 and again.json()["activated_by"] == "admin"


def test_what_cannot_be_done_is_refused_with_the_reason(client: TestClient) -> None:
    assert client.get("/models/99").status_code == 404
    assert client.post("/models/99/activate").status_code == 404
    rollback = client.post("/models/rollback")
    assert rollback.status_code == 409
    assert "the hand weights do" in rollback.json()["detail"]
    untrained = client.post("/models").json()["id"]
    refused = client.post(f"/models/{untrained}/activate")
    assert refused.status_code == 409 and "was not trained" in refused.json()["detail"]
    assert client.get("/models", params={"limit": 0}).status_code == 422
