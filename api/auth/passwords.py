"""Password hashing with Argon2id (argon2-cffi), the algorithm OWASP recommends first."""

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's second recommendation (64 MiB, 3 passes, 4 lanes): argon2-cffi's default, within
# OWASP's guidance. A hash names its parameters, so a stronger choice later still verifies
# the hashes stored before it.
PARAMETERS = profiles.RFC_9106_LOW_MEMORY
_hasher = PasswordHasher.from_parameters(PARAMETERS)
# Checked when the username is unknown, so that a wrong name takes as long as a wrong password.
_UNKNOWN_USER_HASH = _hasher.hash("no user has this password")

MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; an unknown user (None) costs the same and fails."""
    try:
        return _hasher.verify(password_hash or _UNKNOWN_USER_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
