"""/users: admins create and manage the people who sign in."""

from fastapi import APIRouter, status

from api.auth import service
from api.auth.policy import allow
from api.auth.schemas import UserIn, UserOut, UserPatch
from api.shared.deps import Unit
from api.shared.errors import AlreadyExists, InvalidInput, NotFound, error_responses
from api.shared.schemas import PathId
from store import users as repository
from store.models import UserRow

router = APIRouter(prefix="/users", tags=["users"])


def _out(row: UserRow) -> UserOut:
    return UserOut.model_validate(row, from_attributes=True)


@router.get("")
@allow("admin")
def list_users(unit: Unit) -> list[UserOut]:
    """Every user, by username."""
    return [_out(row) for row in repository.list_all(unit.session)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(InvalidInput, AlreadyExists),
)
@allow("admin")
def create_user(data: UserIn, unit: Unit) -> UserOut:
    """Create a user with a role and a team."""
    row = service.create_user(
        unit.session,
        username=data.username,
        password=data.password,
        role=data.role,
        team=data.team,
    )
    return _out(row)


@router.patch("/{user_id}", responses=error_responses(NotFound, InvalidInput))
@allow("admin")
def update_user(user_id: PathId, data: UserPatch, unit: Unit) -> UserOut:
    """Change a user's role, team, password or active flag, or lift a lock-out."""
    return _out(service.update_user(unit.session, user_id=user_id, patch=data))
