"""Passwords: stored as Argon2id hashes; only the right password matches, and an unknown user
or a damaged hash fails without an error."""

from api.auth.passwords import hash_password, verify_password


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
