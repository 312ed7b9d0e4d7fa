"""Access tokens: what one says is read back; an expired, forged or out-of-range one is refused,
and an expired one can still name whose session it was when asked to."""

import datetime as dt

import jwt
import pytest

from api.auth import tokens

SECRET = "a-secret-of-more-than-32-characters-for-tokens"
HALF_HOUR = dt.timedelta(minutes=30)


def issued(*, ago: dt.timedelta = dt.timedelta(0), user_id: int = 7, version: int = 3) -> str:
    now = dt.datetime.now(dt.UTC) - ago
    return tokens.issue(user_id=user_id, version=version, secret=SECRET, ttl=HALF_HOUR, now=now)


def test_a_token_is_short_lived_and_read_back() -> None:
    token = issued()
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 30 * 60
    read = tokens.claims_of(token, secret=SECRET)
    assert (read.user_id, read.version) == (7, 3)
    assert read.expires_at - read.issued_at == HALF_HOUR


def test_an_expired_token_is_refused_unless_only_its_owner_is_asked_for() -> None:
    token = issued(ago=dt.timedelta(hours=2))
    with pytest.raises(tokens.InvalidToken, match="ExpiredSignatureError"):
        tokens.claims_of(token, secret=SECRET)
    assert tokens.claims_of(token, secret=SECRET, expired_too=True).user_id == 7


def test_a_token_signed_with_another_secret_is_refused_even_when_expired_too() -> None:
    now = dt.datetime.now(dt.UTC)
    forged = tokens.issue(
        user_id=1, version=0, secret="another-secret-of-more-than-32-chars", ttl=HALF_HOUR, now=now
    )
    for expired_too in (False, True):
        with pytest.raises(tokens.InvalidToken):
            tokens.claims_of(forged, secret=SECRET, expired_too=expired_too)


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "0", "ver": 0},  # no user 0
        {"sub": "99999999999", "ver": 0},  # beyond any id
        {"sub": "1", "ver": True},  # a boolean is no version
        {"sub": "1", "ver": "0"},
        {"sub": "one", "ver": 0},
        {"sub": "1"},  # a claim missing
    ],
)
def test_claims_out_of_range_or_missing_are_refused(claims: dict[str, object]) -> None:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    token = jwt.encode({**claims, "iat": now, "exp": now + 60}, SECRET, algorithm="HS256")
    with pytest.raises(tokens.InvalidToken):
        tokens.claims_of(token, secret=SECRET)


def test_an_unsigned_token_is_refused() -> None:
    unsigned = jwt.encode({"sub": "1", "ver": 0, "exp": 9999999999, "iat": 0}, "", algorithm="none")
    with pytest.raises(tokens.InvalidToken):
        tokens.claims_of(unsigned, secret=SECRET)
