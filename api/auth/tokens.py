"""Signed, short-lived access tokens (JWT, HMAC-SHA256) naming the user they were issued to."""

import datetime as dt
from dataclasses import dataclass

import jwt

from api.shared.schemas import MAX_ID

_ALGORITHM = "HS256"


class InvalidToken(Exception):
    """The token is malformed, forged or expired."""


@dataclass(frozen=True, slots=True)
class Claims:
    """Whom a token was issued to, at which of the user's token versions, and when."""

    user_id: int
    version: int
    issued_at: dt.datetime
    expires_at: dt.datetime


def issue(*, user_id: int, version: int, secret: str, ttl: dt.timedelta, now: dt.datetime) -> str:
    claims = {"sub": str(user_id), "ver": version, "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def claims_of(token: str, *, secret: str, expired_too: bool = False) -> Claims:
    """What a valid token says; raises InvalidToken otherwise. `expired_too` accepts a token
    past its time (the signature still counts): to know whose session it was, never to act."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            options={"require": ["sub", "ver", "exp", "iat"], "verify_exp": not expired_too},
        )
        user_id, version = int(claims["sub"]), claims["ver"]
        issued, expires = (
            dt.datetime.fromtimestamp(claims[name], dt.UTC) for name in ("iat", "exp")
        )
    except (jwt.PyJWTError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise InvalidToken(type(exc).__name__) from exc
    if not 1 <= user_id <= MAX_ID or not isinstance(version, int) or isinstance(version, bool):
        raise InvalidToken("claims out of range")  # only a forged token says such things
    return Claims(user_id, version, issued, expires)
