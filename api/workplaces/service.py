"""Workplace use cases: small functions, no commits (the route commits)."""

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.shared.errors import Forbidden, InvalidInput, NotFound, VersionConflict
from api.workplaces.schemas import WorkplaceIn, WorkplaceOut, WorkplaceUpdate
from indexer.backend import MAX_RESULT_WINDOW, SearchBackend, WorkplacePage
from matcher.models import Coordinates
from store import reranks
from store import workplaces as repository
from store.models import WorkplaceRow


def resolve_coordinates(
    data: WorkplaceIn, *, postal_codes: Mapping[str, Coordinates]
) -> Coordinates:
    """The given coordinates, or the postal code's centroid."""
    if data.coordinates is not None:
        return Coordinates(data.coordinates.lat, data.coordinates.lon)
    centroid = postal_codes.get(data.postal_code)
    if centroid is None:
        raise InvalidInput("coordinates", "unknown_postal_code", postal_code=data.postal_code)
    return centroid


def get_or_raise(session: Session, *, workplace_id: int) -> WorkplaceRow:
    row = repository.get(session, workplace_id=workplace_id)
    if row is None:
        raise NotFound(f"workplace {workplace_id} does not exist")
    return row


def get_editable_or_raise(session: Session, *, workplace_id: int, user: User) -> WorkplaceRow:
    """The workplace, when it is in the coordinator's team's portfolio. Every signed-in user
    may read workplaces, so another portfolio's answers 403, not 404."""
    row = get_or_raise(session, workplace_id=workplace_id)
    if row.portfolio != user.team:
        raise Forbidden(
            f"workplace {workplace_id} is in the portfolio of {row.portfolio!r}, not yours"
        )
    return row


def to_out(row: WorkplaceRow) -> WorkplaceOut:
    return WorkplaceOut.of(repository.to_domain(row), portfolio=row.portfolio)


def create(
    session: Session,
    *,
    data: WorkplaceIn,
    postal_codes: Mapping[str, Coordinates],
    portfolio: str,
    by: str,
    workplace_id: int = 0,
) -> WorkplaceRow:
    coordinates = resolve_coordinates(data, postal_codes=postal_codes)
    for position, function in enumerate(data.functions):
        if function.id is not None and workplace_id == 0:
            raise InvalidInput(f"functions.{position}.id", "new_function_with_id")
    row = repository.create(
        session,
        workplace=data.to_domain(workplace_id=workplace_id, coordinates=coordinates),
        portfolio=portfolio,
        by=by,
    )
    repository.stamp_matching_changes(row, before={}, now=dt.datetime.now(dt.UTC))
    reranks.add_pending(session, workplace_id=row.id, lat=row.lat, lon=row.lon)
    return row


def update(
    session: Session,
    *,
    workplace_id: int,
    data: WorkplaceUpdate,
    postal_codes: Mapping[str, Coordinates],
    user: User,
) -> WorkplaceRow:
    """Replace a workplace in the user's portfolio."""
    row = get_editable_or_raise(session, workplace_id=workplace_id, user=user)
    if data.id is not None and data.id != workplace_id:
        raise InvalidInput("id", "id_mismatch", sent=data.id, url_id=workplace_id)
    if data.portfolio is not None and data.portfolio != row.portfolio:
        raise InvalidInput("portfolio", "portfolio_fixed")
    if row.version != data.version:
        raise VersionConflict(sent=data.version, current=row.version)
    own_functions = {f.id for f in row.functions}
    for position, function in enumerate(data.functions):
        if function.id is not None and function.id not in own_functions:
            raise InvalidInput(
                f"functions.{position}.id",
                "not_a_function_of_workplace",
                function_id=function.id,
                workplace_id=workplace_id,
            )
    coordinates = resolve_coordinates(data, postal_codes=postal_codes)
    reranks.add_pending(session, workplace_id=workplace_id, lat=row.lat, lon=row.lon)
    before = repository.matching_facts(row)
    row = repository.update(
        session,
        row=row,
        workplace=data.to_domain(workplace_id=workplace_id, coordinates=coordinates),
        by=user.username,
    )
    repository.stamp_matching_changes(row, before=before, now=dt.datetime.now(dt.UTC))
    reranks.add_pending(session, workplace_id=row.id, lat=row.lat, lon=row.lon)
    return row


def delete(session: Session, *, workplace_id: int, user: User) -> None:
    row = get_editable_or_raise(session, workplace_id=workplace_id, user=user)
    reranks.add_pending(session, workplace_id=workplace_id, lat=row.lat, lon=row.lon)
    repository.delete(session, row=row)


def search(
    session: Session,
    *,
    backend: SearchBackend,
    text: str | None,
    industry: str | None,
    postal_code: str | None,
    offset: int,
    limit: int,
) -> tuple[WorkplacePage, list[WorkplaceRow]]:
    if offset + limit > MAX_RESULT_WINDOW:
        raise InvalidInput("offset", "past_result_window", window=f"{MAX_RESULT_WINDOW:,}")
    page = backend.search_workplaces(
        text=text, industry=industry, postal_code=postal_code, offset=offset, limit=limit
    )
    rows = []
    for workplace_id in page.workplace_ids:
        row = repository.get(session, workplace_id=workplace_id)
        if row is not None:
            rows.append(row)
    return page, rows
