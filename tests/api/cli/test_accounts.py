"""matcher users: accounts made with a role and a team."""

import io
from pathlib import Path

import pytest

from api.cli import main


def test_users_are_created_with_a_role_and_team(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
    args = ["users", "create", "ida", "--role", "consultant", "--team", "jobcenter-vest"]
    assert main([*args, "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert (
        main(["users", "create", "bo", "--role", "admin", "--team", "drift", "--password-stdin"])
        == 1
    )
    assert "password: use at least 12 characters" in capsys.readouterr().err
    assert main(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "ida" in listed and "consultant" in listed and "bo " not in listed
