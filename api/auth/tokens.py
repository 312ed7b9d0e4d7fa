"""Signed, short-lived access tokens (JWT, HMAC-SHA256) naming the user they were issued to."""

import datetime as dt

import jwt

_ALGORITHM = "HS256"


class InvalidToken(Exception):
    """The token is malformed, forged or expired."""


def issue(*, user_id: int, secret: str, ttl: dt.timedelta, now: dt.datetime) -> str:
    claims = {"sub": str(user_id), "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def user_id_of(token: str, *, secret: str) -> int:
    """The user id a valid token was issued to; raises InvalidToken otherwise."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["sub", "exp", "iat"]}
        )
        return int(claims["sub"])
    except (jwt.PyJWTError, ValueError) as exc:
        raise InvalidToken(type(exc).__name__) from exc
