"""Citizen profile use cases: small functions, no commits (the route commits)."""

from collections.abc import Mapping

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.citizens.schemas import CitizenIn, CitizenOut, CitizenUpdate
from api.shared.errors import AlreadyExists, InvalidInput, NotFound, VersionConflict
from matcher.models import CitizenProfile, Coordinates
from store import citizens as repository
from store import reranks
from store.models import CitizenRow

# Fields that make up the profile document; id and version live in their own columns.
_PROFILE_FIELDS = set(CitizenIn.model_fields)


def check_usable(
    data: CitizenIn, *, postal_codes: Mapping[str, Coordinates], field_prefix: str = ""
) -> None:
    """Refuse a profile the matcher could not work with, naming the field."""
    if not (data.skills or data.experience or data.education or data.goal_occupations):
        raise InvalidInput(f"{field_prefix}skills", "empty_profile")
    if data.coordinates is None and data.postal_code and data.postal_code not in postal_codes:
        raise InvalidInput(
            f"{field_prefix}postal_code", "unknown_postal_code", postal_code=data.postal_code
        )
    if data.max_commute_km is not None and data.coordinates is None and not data.postal_code:
        raise InvalidInput(f"{field_prefix}max_commute_km", "commute_without_home")


def get_or_raise(session: Session, *, citizen_id: int) -> CitizenRow:
    row = repository.get(session, citizen_id=citizen_id)
    if row is None:
        raise NotFound(f"citizen {citizen_id} does not exist")
    return row


def get_for_user_or_raise(session: Session, *, citizen_id: int, user: User) -> CitizenRow:
    """The citizen, when the user may see them: a consultant sees their own team's citizens
    only, and another team's citizen answers exactly as a missing one. Admins see a citizen
    only to erase them."""
    row = repository.get(session, citizen_id=citizen_id)
    if row is None or (user.role != "admin" and row.team != user.team):
        raise NotFound(f"citizen {citizen_id} does not exist")
    return row


def list_for_user(
    session: Session, *, user: User, text: str | None, offset: int, limit: int
) -> tuple[int, list[CitizenRow]]:
    return repository.list_for_team(session, team=user.team, text=text, offset=offset, limit=limit)


def _document(data: CitizenIn) -> dict[str, object]:
    return data.model_dump(mode="json", include=_PROFILE_FIELDS, exclude_none=True)


def _refuse_taken_reference(session: Session, reference: str, *, own_id: int | None) -> None:
    existing = repository.get_by_reference(session, reference=reference)
    if existing is not None and existing.id != own_id:
        raise AlreadyExists(f"another citizen already has the reference {reference!r}")


def create(
    session: Session,
    *,
    data: CitizenIn,
    postal_codes: Mapping[str, Coordinates],
    team: str,
    by: str,
    citizen_id: int | None = None,
) -> CitizenRow:
    check_usable(data, postal_codes=postal_codes)
    _refuse_taken_reference(session, data.reference, own_id=None)
    return repository.create(
        session,
        reference=data.reference,
        target_group=data.target_group,
        team=team,
        profile=_document(data),
        citizen_id=citizen_id,
        by=by,
    )


def update(
    session: Session,
    *,
    citizen_id: int,
    data: CitizenUpdate,
    postal_codes: Mapping[str, Coordinates],
    by: str,
    user: User | None = None,
) -> CitizenRow:
    """Replace a profile; with a user, only a citizen that user may see. `by`: who saves."""
    row = (
        get_or_raise(session, citizen_id=citizen_id)
        if user is None
        else get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    )
    if data.id is not None and data.id != citizen_id:
        raise InvalidInput("id", "id_mismatch", sent=data.id, url_id=citizen_id)
    if data.team is not None and data.team != row.team:
        raise InvalidInput("team", "team_fixed")
    if row.version != data.version:
        raise VersionConflict(sent=data.version, current=row.version)
    check_usable(data, postal_codes=postal_codes)
    _refuse_taken_reference(session, data.reference, own_id=citizen_id)
    return repository.update(
        session,
        row=row,
        reference=data.reference,
        target_group=data.target_group,
        profile=_document(data),
        by=by,
    )


def erase(session: Session, *, citizen_id: int, user: User) -> None:
    """Erase a citizen: the profile, the batch snapshots and every other trace; only the
    audit log keeps that the citizen was looked up (it holds ids, never contents)."""
    row = get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    reranks.erase_citizen(session, citizen_id=citizen_id)
    repository.delete(session, row=row)


def to_out(row: CitizenRow) -> CitizenOut:
    return CitizenOut.model_validate(
        {**row.profile, "id": row.id, "version": row.version, "team": row.team}
    )


def profile_of(row: CitizenRow) -> CitizenProfile:
    return repository.to_domain(row)
