"""The learned rankings for admins: train one now, read them with their reports, activate
one that passed its gate, roll back to the one before (or to the hand weights)."""

from sqlalchemy.orm import Session

from api.composition.context import AppContext
from api.learning.schemas import ModelOut, RankedByOut, RefusalOut, WeightOut
from api.shared.errors import Conflict, NotFound
from batch import retraining
from matcher.learning.model import LearnedRanking
from matcher.learning.refusals import Refusal
from matcher.scoring import HAND_WEIGHTS
from store import learning as repository
from store.audit import Actor
from store.models import RankingModelRow
from store.states import ModelStatus

SHOWN_WEIGHTS = 20


def model_out(row: RankingModelRow) -> ModelOut:
    weights: list[WeightOut] = []
    if row.parameters is not None:
        try:
            model = LearnedRanking.from_json(row.parameters, version=row.id)
            weights = [WeightOut(name=n, weight=w) for n, w in model.contributions()]
        except ValueError:  # trained on other features: shown, never used
            weights = []
    refusals = [Refusal.read(stored) for stored in row.refused]
    return ModelOut(
        id=row.id,
        status=ModelStatus(row.status),
        ranks=row.status == ModelStatus.ACTIVE,
        created_at=row.created_at,
        created_by=row.created_by,
        trained_on=row.trained_on,
        tested_on=row.tested_on,
        windows=row.windows,
        comparison=row.comparison,
        fairness=row.fairness,
        refused=[refusal.text for refusal in refusals],
        refusals=[RefusalOut(code=r.code, params=r.params, text=r.text) for r in refusals],
        activated_at=row.activated_at,
        activated_by=row.activated_by,
        retired_at=row.retired_at,
        weights=weights[:SHOWN_WEIGHTS],
    )


def train(context: AppContext, *, actor: Actor, route: str) -> ModelOut:
    """Train and judge a model now (as the weekly task does); it ranks when it may."""
    row_id = retraining.train(context.batch, actor=actor, route=route).id
    context.matching.forget_model()
    with context.sessions() as session:
        return model_out(get_or_raise(session, model_id=row_id))


def get_or_raise(session: Session, *, model_id: int) -> RankingModelRow:
    row = repository.get(session, model_id=model_id)
    if row is None:
        raise NotFound(f"model {model_id} does not exist")
    return row


def activate(context: AppContext, session: Session, *, model_id: int, by: str) -> ModelOut:
    """Let a model that passed its gate rank again (after a roll-back)."""
    row = get_or_raise(session, model_id=model_id)
    reasons = "; ".join(Refusal.read(stored).text for stored in row.refused)
    if row.parameters is None:
        raise Conflict(f"model {model_id} was not trained: {reasons}")
    if row.refused:
        raise Conflict(f"model {model_id} may not rank: {reasons}")
    if row.status != ModelStatus.ACTIVE:
        repository.activate(session, row=row, by=by)
    _committed(context, session)
    return model_out(row)


def rollback(context: AppContext, session: Session, *, by: str) -> RankedByOut:
    """Retire the model that ranks; the one that ranked before it ranks again, or the hand
    weights when there was none."""
    current = repository.active(session)
    if current is None:
        raise Conflict("no learned model ranks now: the hand weights do")
    before = repository.previously_active(session, before=current)
    repository.retire(session, row=current)
    if before is not None:
        repository.activate(session, row=before, by=by)
    _committed(context, session)
    return RankedByOut(ranked_by=HAND_WEIGHTS if before is None else f"model_{before.id}")


def _committed(context: AppContext, session: Session) -> None:
    """Commit the change of model, then have this process read it on its next request
    (other processes read it within `model_check_s`)."""
    session.commit()
    context.matching.forget_model()


def ranked_by(session: Session) -> RankedByOut:
    row = repository.active(session)
    return RankedByOut(ranked_by=HAND_WEIGHTS if row is None else f"model_{row.id}")
