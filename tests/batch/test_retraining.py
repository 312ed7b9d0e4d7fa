"""Retraining on a real store: with no outcomes nothing changes and the report says why;
the citizens read are audited; a newer model must beat the one in use; contacts or models of
other features are left out."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from api.composition.context import AppContext
from api.learning import service
from batch.retraining import ModelCache, current_model, history_of
from matcher.learning.features import FEATURE_NAMES
from store import citizens as citizen_repository
from store import learning as repository
from store.audit import SYSTEM
from store.models import AuditRow
from store.states import AuditAction, ModelStatus
from tests.stored import HISTORY_CITIZENS, matchable, trained_model
from tests.stored import suggestion_lists as _lists


@pytest.fixture
def trained(context: AppContext) -> tuple[AppContext, int]:
    return context, trained_model(context)


def test_with_no_outcomes_the_suggestions_are_exactly_todays(context: AppContext) -> None:
    matchable(context, citizens=3)
    before = _lists(context)
    trained = service.train(context, actor=SYSTEM, route="test")
    assert trained.status == ModelStatus.CANDIDATE and not trained.ranks
    assert trained.refused == [
        "0 courses with an outcome, 0 good: a model needs at least 200, with 30 good and 30 not"
    ]
    assert trained.comparison is None and trained.weights == []
    assert _lists(context) == before
    listed = [s for answer in before for s in answer["items"]]  # type: ignore[union-attr]
    assert listed and {s["ranked_by"] for s in listed} == {"hand_weights"}


def test_every_citizen_read_for_training_is_audited(trained: tuple[AppContext, int]) -> None:
    context, _ = trained
    with context.sessions() as session:
        audited = session.scalar(
            select(func.count(func.distinct(AuditRow.citizen_id))).where(
                AuditRow.action == AuditAction.TRAIN, AuditRow.purpose == "quality"
            )
        )
        assert audited == len(citizen_repository.active_ids(session)) == HISTORY_CITIZENS


def test_a_newer_model_must_beat_the_one_in_use(trained: tuple[AppContext, int]) -> None:
    context, first = trained
    again = service.train(context, actor=SYSTEM, route="test")
    assert again.refused == [
        r for r in again.refused if r.startswith("does not beat the model in use (model_")
    ]
    assert again.refused and not again.ranks
    with context.sessions() as session:
        assert service.ranked_by(session).ranked_by == f"model_{first}"


def test_a_model_of_other_features_is_not_used(trained: tuple[AppContext, int]) -> None:
    context, model_id = trained
    with context.sessions() as session:
        row = service.get_or_raise(session, model_id=model_id)
        row.parameters = row.parameters.replace('"record"', '"origin"')  # type: ignore[union-attr]
        session.commit()
        assert current_model(session) is None
    context.matching.forget_model()
    assert context.matching.scoring().model is None


def test_another_process_change_of_model_is_read_within_the_check_interval(
    trained: tuple[AppContext, int],
) -> None:
    """The store is asked which model ranks at most every `check_s` seconds: a change made by
    another process shows once that time passed (or at once where this process made it)."""
    context, model_id = trained
    models = ModelCache(context.sessions, check_s=3600)
    ranking = models.current()
    assert ranking is not None and ranking.version == model_id
    with context.sessions.begin() as session:
        row = repository.active(session)
        assert row is not None
        repository.retire(session, row=row)
    assert models.current() is ranking  # asked less than an hour ago
    models.forget()
    assert models.current() is None
    assert ModelCache(context.sessions, check_s=0).current() is None


def test_contacts_captured_by_an_older_matcher_are_left_out(context: AppContext) -> None:
    day = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    older = repository.LabelledContact(1, day, {"skills": 0.5}, "ended", "ended_early", "a", "b")
    whole = dict.fromkeys(FEATURE_NAMES, 0.5)
    today = repository.LabelledContact(1, day, whole, "ended", "paid_hours", "a", "b")
    history = history_of([older, today])
    assert len(history) == 1 and history.good.tolist() == [True]
