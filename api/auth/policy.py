"""The access policy every route declares, and the check that enforces it (deny by default).

A route's endpoint is marked with `@allow(...roles)` or `@public`. The app-wide dependency
`authorise` refuses any route that carries no mark, so a route added without a policy is
closed, and the route-table test fails. Object-level rules (a consultant's own team, a
coordinator's portfolio) are checked in the services, by the user the route receives.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal, TypeVar

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from api.auth import tokens
from api.shared.deps import Context
from api.shared.errors import Forbidden, Unauthorized
from store import users as user_repository
from store.audit import Actor

Role = Literal["consultant", "employer_coordinator", "admin"]
ROLES: tuple[Role, ...] = ("consultant", "employer_coordinator", "admin")
ROLE_LABELS = {
    "consultant": "Jobkonsulent",
    "employer_coordinator": "Virksomhedskonsulent",
    "admin": "Administrator",
}

_Endpoint = TypeVar("_Endpoint", bound=Callable[..., object])


@dataclass(frozen=True, slots=True)
class Policy:
    roles: frozenset[str]
    public: bool = False


@dataclass(frozen=True, slots=True)
class User:
    """The signed-in user of a request."""

    id: int
    username: str
    role: str
    team: str


def allow(*roles: Role) -> Callable[[_Endpoint], _Endpoint]:
    """Mark a route as open to these roles (signed in)."""

    def mark(endpoint: _Endpoint) -> _Endpoint:
        endpoint.__access_policy__ = Policy(frozenset(roles))  # type: ignore[attr-defined]
        return endpoint

    return mark


def public(endpoint: _Endpoint) -> _Endpoint:
    """Mark a route as open to anyone, signed in or not."""
    endpoint.__access_policy__ = Policy(frozenset(), public=True)  # type: ignore[attr-defined]
    return endpoint


def policy_of(endpoint: object) -> Policy | None:
    policy = getattr(endpoint, "__access_policy__", None)
    return policy if isinstance(policy, Policy) else None


_bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)

# The web pages (under WEB_PREFIX) carry the same token in an HttpOnly, SameSite=Strict
# cookie; the JSON API takes it only as a Bearer header, so no cookie can act on it.
WEB_PREFIX = "/app"
SESSION_COOKIE = "matcher_session"


def is_page(path: str) -> bool:
    """True for the web pages' paths."""
    return path == WEB_PREFIX or path.startswith(f"{WEB_PREFIX}/")


def authorise(
    request: Request, context: Context, token: Annotated[str | None, Depends(_bearer)]
) -> None:
    """Every request passes here before its route: the route's policy decides."""
    policy = policy_of(request.scope.get("endpoint"))
    if policy is None:
        raise Forbidden("this route has no access policy, so it is closed to everyone")
    if policy.public:
        return
    if is_page(request.url.path):
        token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("sign in first: send the token from POST /auth/token as a Bearer token")
    secret = context.settings.secret_key.get_secret_value()
    try:
        claims = tokens.claims_of(token, secret=secret)
    except tokens.InvalidToken as exc:
        raise Unauthorized("the token is invalid or has expired; sign in again") from exc
    with context.sessions() as session:
        row = user_repository.get(session, user_id=claims.user_id)
        if row is None or not row.active:
            raise Unauthorized("the account is no longer active")
        if row.token_version != claims.version:
            raise Unauthorized(
                "the session has ended (logged out or password changed); sign in again"
            )
        user = User(row.id, row.username, row.role, row.team)
    if user.role not in policy.roles:
        raise Forbidden(f"a {ROLE_LABELS.get(user.role, user.role).lower()} may not do this")
    request.state.user = user
    request.state.actor = Actor(user_id=user.id, name=user.username, role=user.role, team=user.team)
    request.state.claims = claims  # the pages slide their session on it


def current_user(request: Request) -> User:
    user = getattr(request.state, "user", None)
    if not isinstance(user, User):  # a public route asked for a user
        raise Unauthorized("sign in first")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
