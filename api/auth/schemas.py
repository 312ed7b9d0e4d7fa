"""Bodies of the log-in and user routes."""

from typing import Annotated

from pydantic import Field, StringConstraints

from api.auth.policy import Role
from api.shared.schemas import Strict

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,63}$"
Username = Annotated[str, StringConstraints(pattern=USERNAME_PATTERN)]
Team = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]


class TokenOut(Strict):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires")


class UserOut(Strict):
    id: int
    username: str
    role: str
    team: str
    active: bool = True


class UserIn(Strict):
    username: Username
    password: str = Field(min_length=1, max_length=200)
    role: Role
    team: Team


class UserPatch(Strict):
    role: Role | None = None
    team: Team | None = None
    active: bool | None = None
    password: str | None = Field(default=None, min_length=1, max_length=200)
    unlock: bool = Field(default=False, description="Lift a lock-out after failed log-ins")
