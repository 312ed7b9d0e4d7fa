"""Passwords: stored as Argon2id hashes; only the right password matches, and an unknown user
or a damaged hash fails without an error."""

import subprocess
import sys

from argon2 import extract_parameters, profiles

from api.auth.passwords import PARAMETERS, hash_password, verify_password


def test_the_right_password_matches_and_a_wrong_one_does_not() -> None:
    stored = hash_password("korrekt hest batteri")
    assert stored.startswith("$argon2id$")
    assert "korrekt" not in stored
    assert verify_password(stored, "korrekt hest batteri")
    assert not verify_password(stored, "korrekt hest batteri ")


def test_two_hashes_of_one_password_differ() -> None:
    assert hash_password("samme kodeord her") != hash_password("samme kodeord her")


def test_an_unknown_user_fails_even_with_the_decoy_password() -> None:
    assert not verify_password(None, "no user has this password")


def test_a_damaged_hash_fails() -> None:
    assert not verify_password("not-a-hash", "anything at all")


def test_the_service_hashes_with_rfc_9106s_parameters() -> None:
    """In a process of its own: the tests' processes hash with argon2's cheapest parameters
    (tests/conftest.py), a fresh one as the service does."""
    assert PARAMETERS == profiles.RFC_9106_LOW_MEMORY
    made = subprocess.run(
        [sys.executable, "-c", "from api.auth.passwords import hash_password as h; print(h('x'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    used = extract_parameters(made)
    assert (used.memory_cost, used.time_cost, used.parallelism) == (65536, 3, 4)
