"""Learned rankings, for admins: train, read the reports, activate, roll back."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.auth.policy import allow
from api.learning import service
from api.learning.schemas import ModelOut, RankedByOut
from api.shared.deps import Unit
from api.shared.errors import Conflict, NotFound, error_responses
from api.shared.schemas import PathId
from store import learning as repository

router = APIRouter(tags=["learned ranking"])


@router.post("/models", status_code=status.HTTP_201_CREATED)
@allow("admin")
def train_model(unit: Unit) -> ModelOut:
    """Train a model on the outcomes so far and judge it (as the weekly task does): it
    ranks only when it beats the ranking in use on the newer courses and passes the fairness
    gate; otherwise it is kept as a candidate with its report. Reads every labelled contact
    and every active citizen's list (audited as `train`)."""
    assert unit.actor is not None
    return service.train(unit.context, actor=unit.actor, route="POST /models")


@router.get("/models")
@allow("admin")
def list_models(unit: Unit, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[ModelOut]:
    """The models, newest first, each with its figures and fairness report."""
    return [service.model_out(row) for row in repository.newest_first(unit.session, limit=limit)]


@router.get("/models/ranked-by")
@allow("admin")
def ranked_by(unit: Unit) -> RankedByOut:
    """What ranks the suggestions now."""
    return service.ranked_by(unit.session)


@router.get("/models/{model_id}", responses=error_responses(NotFound))
@allow("admin")
def get_model(model_id: PathId, unit: Unit) -> ModelOut:
    return service.model_out(service.get_or_raise(unit.session, model_id=model_id))


@router.post("/models/{model_id}/activate", responses=error_responses(NotFound, Conflict))
@allow("admin")
def activate_model(model_id: PathId, unit: Unit) -> ModelOut:
    """Let a model that passed its gate rank (409 for one that did not)."""
    assert unit.actor is not None
    return service.activate(unit.context, unit.session, model_id=model_id, by=unit.actor.name)


@router.post("/models/rollback", responses=error_responses(Conflict))
@allow("admin")
def rollback(unit: Unit) -> RankedByOut:
    """Stop the model that ranks: the one before it ranks again, or the hand weights."""
    assert unit.actor is not None
    return service.rollback(unit.context, unit.session, by=unit.actor.name)
