"""Repository of what the ranking learns from (the features captured at each contact, with
how the contact went) and of the learned rankings."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.db import flush
from store.models import CitizenRow, PlacementRow, RankingModelRow
from store.states import ModelStatus, PlacementStatus

# A contact has a label once it was declined (by either side) or the course ended.
LABELLED = (
    PlacementStatus.ENDED,
    PlacementStatus.DECLINED_BY_WORKPLACE,
    PlacementStatus.DECLINED_BY_CITIZEN,
)


@dataclass(frozen=True, slots=True)
class LabelledContact:
    """A contact with its captured features and how it went; the citizen's groups are read
    beside it, to measure fairness with (never to learn from)."""

    citizen_id: int
    contacted_at: dt.datetime
    features: dict[str, float]
    status: str
    outcome: str | None
    target_group: str
    danish_level: str


def labelled_contacts(session: Session) -> list[LabelledContact]:
    """Every contact with captured features and a label, oldest first."""
    danish = CitizenRow.profile["danish_level"].as_string()
    rows = session.execute(
        select(
            PlacementRow.citizen_id,
            PlacementRow.contacted_at,
            PlacementRow.features,
            PlacementRow.status,
            PlacementRow.outcome,
            CitizenRow.target_group,
            danish,
        )
        .join(CitizenRow, CitizenRow.id == PlacementRow.citizen_id)
        .where(PlacementRow.features.is_not(None), PlacementRow.status.in_(LABELLED))
        .order_by(PlacementRow.contacted_at, PlacementRow.id)
    )
    return [
        LabelledContact(c, at, features, status, outcome, group, level or "unknown")
        for c, at, features, status, outcome, group, level in rows
    ]


def save_features(session: Session, *, row: PlacementRow, features: dict[str, float]) -> None:
    row.features = features
    flush(session)


def add_model(session: Session, *, by: str, **values: Any) -> RankingModelRow:
    """A trained model (or the record of an attempt with too little to learn from), as a
    candidate."""
    row = RankingModelRow(status=ModelStatus.CANDIDATE, created_by=by, **values)
    session.add(row)
    flush(session)
    return row


def get(session: Session, *, model_id: int) -> RankingModelRow | None:
    return session.get(RankingModelRow, model_id)


def newest_first(session: Session, *, limit: int = 50) -> list[RankingModelRow]:
    return list(
        session.scalars(select(RankingModelRow).order_by(RankingModelRow.id.desc()).limit(limit))
    )


def active(session: Session) -> RankingModelRow | None:
    return session.scalars(
        select(RankingModelRow).where(RankingModelRow.status == ModelStatus.ACTIVE)
    ).first()


def active_version(session: Session) -> int | None:
    """The active model's id, read alone (what a serving process checks now and then)."""
    return session.scalars(
        select(RankingModelRow.id).where(RankingModelRow.status == ModelStatus.ACTIVE)
    ).first()


def activate(session: Session, *, row: RankingModelRow, by: str) -> None:
    """Make the model the one that ranks; the one that ranked until now is retired."""
    now = dt.datetime.now(dt.UTC)
    session.execute(
        update(RankingModelRow)
        .where(RankingModelRow.status == ModelStatus.ACTIVE, RankingModelRow.id != row.id)
        .values(status=ModelStatus.RETIRED, retired_at=now)
        .execution_options(synchronize_session=False)
    )
    row.status, row.activated_at, row.activated_by, row.retired_at = (
        ModelStatus.ACTIVE,
        now,
        by,
        None,
    )
    flush(session)
    session.expire_all()


def previously_active(session: Session, *, before: RankingModelRow) -> RankingModelRow | None:
    """The model that ranked before this one: the last activated before it, now retired."""
    if before.activated_at is None:
        return None
    return session.scalars(
        select(RankingModelRow)
        .where(
            RankingModelRow.status == ModelStatus.RETIRED,
            RankingModelRow.activated_at < before.activated_at,
        )
        .order_by(RankingModelRow.activated_at.desc())
        .limit(1)
    ).first()


def retire(session: Session, *, row: RankingModelRow) -> None:
    row.status, row.retired_at = ModelStatus.RETIRED, dt.datetime.now(dt.UTC)
    flush(session)
