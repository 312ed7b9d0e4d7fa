"""The learned rankings' service on a real store: a model trained on a simulated history
ranks when it passes, every suggestion then says so, an admin activates only a model that
passed its gate, and a roll-back brings back the model before or the hand weights, exactly."""

import pytest
from sqlalchemy import select

from api.composition.context import AppContext
from api.learning import service
from api.shared.errors import Conflict, NotFound
from store import learning as repository
from store.models import RankingModelRow
from store.states import ModelStatus
from tests.stored import small_world, trained_model
from tests.stored import suggestion_lists as _lists


@pytest.fixture
def trained(context: AppContext) -> tuple[AppContext, int]:
    return context, trained_model(context)


def test_a_history_trains_a_model_that_ranks_when_it_passes(
    trained: tuple[AppContext, int],
) -> None:
    context, model_id = trained
    with context.sessions() as session:
        model = service.model_out(service.get_or_raise(session, model_id=model_id))
    assert model.ranks and model.refused == [] and model.status == ModelStatus.ACTIVE
    assert model.comparison is not None
    assert model.comparison["difference"]["ndcg@10"]["low"] > 0
    assert model.fairness is not None and model.fairness["passed"]
    assert model.trained_on + model.tested_on == len(small_world().history)  # every contact
    assert len(model.weights) == 20
    items = [s for answer in _lists(context) for s in answer["items"]]  # type: ignore[union-attr]
    assert {s["ranked_by"] for s in items} <= {f"model_{model_id}", "hand_weights"}
    assert sum(s["ranked_by"] == f"model_{model_id}" for s in items) > len(items) / 2


def test_a_roll_back_brings_back_the_hand_weights_exactly(
    trained: tuple[AppContext, int],
) -> None:
    context, model_id = trained
    with context.sessions() as session:
        assert service.rollback(context, session, by="admin").ranked_by == "hand_weights"
    hand = _lists(context)
    with context.sessions() as session:
        assert service.activate(context, session, model_id=model_id, by="admin").ranks
    learned = _lists(context)
    assert hand != learned
    with context.sessions() as session:
        service.rollback(context, session, by="admin")
    assert _lists(context) == hand


def test_a_roll_back_returns_to_the_model_before(trained: tuple[AppContext, int]) -> None:
    context, first = trained
    with context.sessions() as session:
        row = service.get_or_raise(session, model_id=first)
        second = repository.add_model(
            session,
            by="test",
            trained_on=row.trained_on,
            tested_on=row.tested_on,
            windows=row.windows,
            parameters=row.parameters,
            refused=[],
        )
        repository.activate(session, row=second, by="admin")
        session.commit()
        assert service.rollback(context, session, by="admin").ranked_by == f"model_{first}"
        statuses = dict(session.execute(select(RankingModelRow.id, RankingModelRow.status)).all())
        assert statuses == {first: ModelStatus.ACTIVE, second.id: ModelStatus.RETIRED}


def test_a_refused_or_untrained_model_cannot_be_activated(context: AppContext) -> None:
    with context.sessions() as session:
        untrained = repository.add_model(
            session, by="t", trained_on=0, tested_on=0, windows={}, refused=["too few"]
        )
        refused = repository.add_model(
            session,
            by="t",
            trained_on=1,
            tested_on=1,
            windows={},
            parameters="{}",
            refused=["good_exposure by target_group: the gap grows from 0.100 to 0.400"],
        )
        session.commit()
        with pytest.raises(Conflict, match="was not trained: too few"):
            service.activate(context, session, model_id=untrained.id, by="admin")
        with pytest.raises(Conflict, match="may not rank: good_exposure by target_group"):
            service.activate(context, session, model_id=refused.id, by="admin")
        with pytest.raises(NotFound):
            service.activate(context, session, model_id=999, by="admin")
        with pytest.raises(Conflict, match="the hand weights do"):
            service.rollback(context, session, by="admin")
